import { ConfigurableModuleBuilder } from '@nestjs/common';
import { CachingOptions } from './caching.options';

export const { ConfigurableModuleClass: CachingConfigurableModule, MODULE_OPTIONS_TOKEN: CACHING_OPTIONS } =
  new ConfigurableModuleBuilder<CachingOptions>()
    .setClassMethodName('forRoot')
    // Once per BFF, and the invalidator is injectable by any feature module.
    .setExtras({}, (definition) => ({ ...definition, global: true }))
    .build();
