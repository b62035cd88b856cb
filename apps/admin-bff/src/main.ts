import '@bff/gateway-edge/v8';
import { bootstrapBff } from '@bff/gateway-edge';
import { AppModule } from './app/app.module';

void bootstrapBff({
  defaults: { client: 'admin', port: 3002, managementPort: 9102 },
  module: AppModule.forRoot,
  env: process.env,
});
