import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BlockList, isIP } from 'node:net';
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
  private readonly compiled = new WeakMap<IpFilterRule, CompiledRule>();

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<IpFilterRule | undefined>(IP_FILTER, [context.getHandler(), context.getClass()]);
    if (!rule) return true;
    let compiled = this.compiled.get(rule);
    if (!compiled) {
      compiled = { allow: compile(rule.allow), deny: compile(rule.deny) };
      this.compiled.set(rule, compiled);
    }
    const { clientAddress } = context.switchToHttp().getRequest<{ clientAddress: string }>();
    const denied = compiled.deny !== undefined && matches(compiled.deny, clientAddress);
    const allowed = compiled.allow === undefined || matches(compiled.allow, clientAddress);
    if (denied || !allowed) throw new ForbiddenException({ detail: 'This route is not available from your address.' });
    return true;
  }
}
