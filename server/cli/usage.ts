/** The `flowwerk --help` text. */
export const USAGE = `flowwerk: workflow automation for e-commerce

Usage:
  flowwerk run FILE.json [--input FILE.json|-]   run a workflow in-process, print the result as JSON
  flowwerk validate FILE.json                    check a workflow; every problem as "path: message"
  flowwerk new-node NAME [--dir DIR]             scaffold a custom node package with a test
  flowwerk start [--port N] [--data-dir DIR]     server and editor on http://localhost:5680
        [--role main|webhook]                    queue mode: webhook = a webhook-only front
  flowwerk worker [--concurrency N] [--data-dir DIR]
                                                 queue mode: run executions from Redis
  flowwerk import FILE_OR_DIR [--data-dir DIR]   workflows into the store (all or nothing)
  flowwerk export [--out DIR] [--data-dir DIR]   workflows out of the store (stdout without --out)

Queue mode: set FLOWWERK_REDIS_URL (and FLOWWERK_DATABASE_URL for a shared PostgreSQL store).
Exit codes: 0 success, 1 the run failed, 2 invalid input or usage.
`;
