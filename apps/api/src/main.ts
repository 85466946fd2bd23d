import 'reflect-metadata';
import { loadConfig } from '@asb/core';
import { createApiApp } from './bootstrap';

async function main() {
  const config = loadConfig();
  const app = await createApiApp(config);
  if (config.jwt.generated) {
    console.warn('JWT_SECRET is not set: tokens are signed with a random key and will not survive a restart');
  }
  await app.listen(config.port);
  console.log(`ASB API listening on http://127.0.0.1:${config.port} (docs at /docs)`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
