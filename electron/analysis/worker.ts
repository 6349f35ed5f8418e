// An analysis worker (pool.ts): parses the stored files of the rows it is given and records
// their analysis on its own connection to the profile database, so that neither mailparser
// nor the full-text insert runs on the engine's thread — in the desktop app, Electron's main
// process, which must also answer the window (issue 13). One job at a time; the pool waits
// for each answer before it sends the next.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openAnalysisConnection } from '../store/database.ts';
import { MessageFiles } from '../store/message-files.ts';
import { analyseRows } from './analyse.ts';
import type { Job, JobAnswer, WorkerSetup } from './protocol.ts';

// Downloads first: on Linux a thread has its own nice value, and setpriority(PRIO_PROCESS, 0)
// (os.setPriority(0, …)) sets the calling thread's alone, so the analysis yields the CPU to the
// engine's thread and the POP3 server. Elsewhere the call would lower the whole process.
if (process.platform === 'linux') {
  try {
    os.setPriority(0, os.constants.priority.PRIORITY_LOW);
  } catch {
    // Not allowed here (a container's policy): the analysis runs at normal priority.
  }
}

const setup = workerData as WorkerSetup;
const port = parentPort;
if (port === null) throw new Error('electron/analysis/worker.ts runs only as a worker thread (pool.ts starts it)');
const db = openAnalysisConnection(setup.dbPath);
const files = new MessageFiles(setup.filesRoot);

port.on('message', (job: Job) => {
  analyseRows(db, files, job.rows, Date.now).then(
    (done): void => port.postMessage({ job: job.job, done } satisfies JobAnswer),
    (error: unknown): void => port.postMessage({ job: job.job, error: (error as Error).message ?? String(error) } satisfies JobAnswer),
  );
});
