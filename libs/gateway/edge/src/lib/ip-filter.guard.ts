import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BlockList, isIP } from 'node:net';
import { RouteMemo } from '@bff/gateway-route-memo';
import { IP_FILTER, IpFilterRule } from './access.decorators';

interface CompiledRule {
  allow?: BlockList;
  deny?: BlockList;
}

function compile(cidrs: readonly string[] | undefined): BlockList | undefined {
  if (!cidrs) return undefined;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

function matches(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** Enforces {@link IpFilter} rules; runs before authentication so a refused address learns nothing. */
@Injectable()
export class IpFilterGuard implements CanActivate {
  /** Each route's rule, compiled; `undefined` when it has none. */
  private readonly rules: RouteMemo<CompiledRule | undefined>;

  constructor(reflector: Reflector) {
    this.rules = new RouteMemo((route) => {
      const rule = reflector.getAllAndOverride<IpFilterRule | undefined>(IP_FILTER, route);
      return rule && { allow: compile(rule.allow), deny: compile(rule.deny) };
    });
  }

  canActivate(context: ExecutionContext): boolean {
    const compiled = this.rules.of(context.getHandler(), context.getClass());
    if (!compiled) return true;
    const { clientAddress } = context.switchToHttp().getRequest<{ clientAddress: string }>();
    const denied = compiled.deny !== undefined && matches(compiled.deny, clientAddress);
    const allowed = compiled.allow === undefined || matches(compiled.allow, clientAddress);
    if (denied || !allowed) throw new ForbiddenException({ detail: 'This route is not available from your address.' });
    return true;
  }
}
