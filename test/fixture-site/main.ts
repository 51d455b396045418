// `npx tsx test/fixture-site/main.ts [--port N] [--hosts 127.0.0.1,127.0.0.2]`: runs the fixture news site.
import { ROUTES, startFixtureSite } from './site.js';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const site = await startFixtureSite({ port: Number(arg('--port') ?? 0), hosts: arg('--hosts')?.split(',') ?? ['127.0.0.1'] });
console.log(`fixture site listening at ${site.urls.join(' ')}`);
console.log(ROUTES);
const stop = (): void => {
  void site.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
