import { Inject } from '@nestjs/common';

/** Injection token of the process's {@link BffConfig}. */
export const BFF_CONFIG = Symbol('BFF_CONFIG');

/** Injects the process's {@link BffConfig}. */
export const InjectBffConfig = (): ParameterDecorator => Inject(BFF_CONFIG);
