// generate-outputs: a decision's PDFs, drawn in the render pool and stored once (src/generate-outputs.ts).
import { generateOutputs } from '../src/generate-outputs.js';
import { generateOutputsJob } from '../src/queue/job-contracts.js';
import { defineJob } from '../src/queue/job-definition.js';

export const generateOutputsWorker = defineJob(generateOutputsJob, {
  concurrency: () => 2,
  handler: async ({ documentId }, ctx) => generateOutputs(ctx, documentId),
});
