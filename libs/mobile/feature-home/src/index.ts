export { CompactOrder, HOME_FIELDS, HomeView, homeViewSchema, OrderPageView, orderPageViewSchema, toHomeView } from './lib/home.view';
export { ListOrdersQuery } from './lib/list-orders.query';
export { MobileFeatureHomeModule } from './lib/mobile-feature-home.module';
