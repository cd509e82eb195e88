/**
 * One Greenlight process, started as src/main.ts starts it in HTTP mode (the
 * scheduler included), for the fault tests that spawn real processes:
 * `node --import tsx tests/faults/support/app-process.ts` with DATABASE_URL,
 * PORT, SLACK_API_URL, SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET in the
 * environment. It prints `listening <port>` once /healthz answers.
 */
import { parseConfig } from "../../../src/config.ts";
import { startGreenlight } from "../../../src/runtime.ts";
import { schedulerService } from "../../../src/scheduler/scheduler.ts";

const config = parseConfig(process.env);
const running = await startGreenlight({ config, services: [schedulerService], host: "127.0.0.1" });
console.log(`listening ${running.port}`);

const shutdown = () => {
  running.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
