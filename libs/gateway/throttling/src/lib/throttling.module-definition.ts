import { ConfigurableModuleBuilder } from '@nestjs/common';
import { ThrottlingOptions } from './throttling.options';

export const {
  ConfigurableModuleClass: ThrottlingConfigurableModule,
  MODULE_OPTIONS_TOKEN: THROTTLING_OPTIONS,
  OPTIONS_TYPE: THROTTLING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: THROTTLING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ThrottlingOptions>()
  .setClassMethodName('forRoot')
  // Once per BFF and injectable everywhere (the store), like the auth module.
  .setExtras({}, (definition) => ({ ...definition, global: true }))
  .build();
