export * from './lib/mobile-feature-home.module';
