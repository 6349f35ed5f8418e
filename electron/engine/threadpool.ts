// Import first, before anything that reads or writes files: libuv sizes its thread pool (all of
// Node's asynchronous file calls, shared by the analysis workers too) from UV_THREADPOOL_SIZE
// when it is first used, and its default of 4 is the limit of a first sync — every message's
// fsync holds a pool thread for a disk flush while the opens, renames and the workers' reads
// queue behind it (issue 13: 2,000 messages, 10.7 s → 7.7 s listed with 16 threads). Several
// fsyncs in flight also share the file system's journal commits. A value the user set is kept.
process.env.UV_THREADPOOL_SIZE ??= '16';
