// One action on many documents (bulk resolve from the queue): each document goes through
// applyOperatorAction with its own version check, so one conflict or refusal stops only itself.
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { DocumentStateError } from '../db/operator-store.js';
import { HttpError, type Scope } from './access.js';
import { applyOperatorAction, type OperatorAction } from './operator-actions.js';

/** The actions that make sense for many documents at once (no per-document value to type). */
export const bulkActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('not_a_fine') }),
  z.object({ action: z.literal('accept_sender') }),
  z.object({ action: z.literal('choose_policy'), policy: z.enum(['redirect', 'recharge']) }),
  z.object({ action: z.literal('resolve') }),
]);
export type BulkAction = z.infer<typeof bulkActionSchema>;

export const bulkItemsSchema = z.array(z.object({ id: z.uuid(), version: z.number().int().min(1) })).min(1).max(200);

export type BulkOutcome = {
  succeeded: { id: string; decision: string | null; reviewReasons: string[] }[];
  failed: { id: string; error: string; message: string }[];
};

export async function applyBulkAction(ctx: AppContext, scope: Scope, items: { id: string; version: number }[], action: BulkAction): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { succeeded: [], failed: [] };
  for (const item of items) {
    try {
      const result = await applyOperatorAction(ctx, scope, item.id, item.version, action as OperatorAction);
      outcome.succeeded.push({ id: item.id, decision: result.decision, reviewReasons: result.reviewReasons });
    } catch (error) {
      if (error instanceof HttpError) outcome.failed.push({ id: item.id, error: error.code, message: error.message });
      else if (error instanceof DocumentStateError) outcome.failed.push({ id: item.id, error: 'state', message: error.message });
      else throw error;
    }
  }
  return outcome;
}
