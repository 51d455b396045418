export { loadConfig, loadServiceConfig, ConfigError, type Config } from './config.js';
export { createLogger, connectionErrorLogger, type Logger } from './logger.js';
export { PermanentError, errorMessage, redactUrl } from './errors.js';
export { createThreadPool, serveThreadTasks, startModuleWorker, type ThreadPool, type ThreadPoolOptions, type ThreadTaskFailure } from './thread-pool.js';
export { ShutdownManager, type ShutdownSignal } from './shutdown.js';
