import { Controller, ForbiddenException, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { IpFilter } from './access.decorators';
import { IpFilterGuard } from './ip-filter.guard';

@IpFilter({ allow: ['10.0.0.0/8', '2001:db8::/32'], deny: ['10.6.6.6'] })
@Controller()
class InternalController {
  @Get() anything() {
    return 'ok';
  }
  @IpFilter({ deny: ['192.0.2.0/24'] })
  @Get()
  overridden() {
    return 'ok';
  }
}

@Controller()
class OpenController {
  @Get() open() {
    return 'ok';
  }
}

const guard = new IpFilterGuard(new Reflector());

function allowed(controller: object, handler: string, clientAddress: string): boolean {
  const context = new ExecutionContextHost([{ clientAddress }, {}]);
  context.setType('http');
  Object.assign(context, {
    getHandler: () => (controller as { prototype: Record<string, unknown> }).prototype[handler],
    getClass: () => controller,
  });
  try {
    return guard.canActivate(context);
  } catch (error) {
    expect(error).toBeInstanceOf(ForbiddenException);
    return false;
  }
}

describe('IpFilterGuard', () => {
  it.each([
    ['10.1.2.3', true],
    ['2001:db8::1', true],
    ['10.6.6.6', false],
    ['203.0.113.1', false],
    ['', false],
  ])('applies the controller rule to %s', (address, expected) => {
    expect(allowed(InternalController, 'anything', address)).toBe(expected);
  });

  it('lets a handler rule replace the controller rule', () => {
    expect(allowed(InternalController, 'overridden', '203.0.113.1')).toBe(true);
    expect(allowed(InternalController, 'overridden', '192.0.2.7')).toBe(false);
  });

  it('lets every address through routes without a rule', () => {
    expect(allowed(OpenController, 'open', '198.51.100.1')).toBe(true);
  });
});
