import '@bff/gateway-edge/v8';
import { bootstrapBff } from '@bff/gateway-edge';
import { AppModule } from './app/app.module';

void bootstrapBff({
  defaults: { client: 'web', port: 3000, managementPort: 9100 },
  module: AppModule.forRoot,
  env: process.env,
});
