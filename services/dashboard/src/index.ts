export { buildDashboard, startDashboard, dashboardRoutes, type DashboardOptions } from './app.js';
export { checkExposure, basicAuthMatches, isLoopbackHost, DashboardConfigError } from './auth.js';
export { feedsPage } from './feeds-page.js';
