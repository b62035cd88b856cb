export { SessionController } from './lib/session.controller';
export { WebFeatureSessionModule } from './lib/web-feature-session.module';
