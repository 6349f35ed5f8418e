// The analysis pool of a command that stores messages (sync, watch), on the command's profile.
import path from 'node:path';
import { AnalysisPool } from '../analysis/pool.ts';
import { analysisWorkerScript } from '../analysis/worker-script.ts';
import type { Profile } from '../store/profile.ts';

export function openAnalysisPool(profile: Profile, onProblem?: (text: string) => void): AnalysisPool {
  return new AnalysisPool({
    db: profile.db,
    setup: { dbPath: path.join(profile.dir, 'poplar.db'), filesRoot: profile.files.root },
    workerScript: analysisWorkerScript(),
    ...(onProblem ? { onProblem } : {}),
  });
}
