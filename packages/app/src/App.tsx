import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';

// @kafka-taas/plugin-kafka-taas is not listed here: `app.packages: all`
// discovers it from package.json through its `./alpha` export.
export default createApp({
  features: [catalogPlugin, navModule, homeModule, signInModule],
});
