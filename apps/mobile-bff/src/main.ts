import '@bff/gateway-edge/v8';
import { bootstrapBff } from '@bff/gateway-edge';
import { AppModule } from './app/app.module';

void bootstrapBff({
  defaults: { client: 'mobile', port: 3001, managementPort: 9101 },
  module: AppModule.forRoot,
  env: process.env,
});
