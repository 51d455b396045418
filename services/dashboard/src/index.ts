export { buildDashboard, startDashboard, type DashboardOptions } from './app.js';
export { checkExposure, basicAuthMatches, isLoopbackHost, DashboardConfigError } from './auth.js';
export { feedHealth, feedsPage } from './feeds-page.js';
