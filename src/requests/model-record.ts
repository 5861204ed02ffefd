import {
  configuredModel,
  elsewhereEntries,
  latestModel,
  readRecordEntries,
  recordedModel,
  recordFromLedger,
  recordReason,
  sameModel,
  thresholdsFromConfig,
  userRecordSource,
  type UserRecordSource,
} from "../classify/adaptive.js";
import type { Config } from "../config/schema.js";
import { ledgerPath } from "../ledger/append.js";
import { latestUserModel } from "../ledger/user-record.js";
import { readHealthCache } from "../model/health-cache.js";
import { healthTarget } from "../model/targets.js";
import type { CommandContext } from "../project/context.js";
import { TASK_KINDS } from "../spec/schema.js";

/** What routing reads besides the project's ledger: the user's record of the model, and a model when nothing else names one. */
export interface RecordPlace {
  user: UserRecordSource | null;
  /**
   * The model the server last reported loaded (the health cache the hook and status line keep):
   * the one runs use when the config names none, and the one the hook judges.
   */
  serverModel: string | null;
  /** The one the user's latest attempt on this server used, in any project. */
  fallbackModel: string | null;
}

export function recordPlace(config: Config, ctx: CommandContext): RecordPlace {
  const user = userRecordSource(config, ctx.records, ctx.root);
  const serverModel = readHealthCache(ctx.stateDir, healthTarget(config).cacheKey)?.model ?? null;
  return { user, serverModel, fallbackModel: user ? latestUserModel(user.dir, user.server) : null };
}

/** One kind of task in a model's record, with where its figures came from. */
export interface KindView {
  kind: string;
  /** The model tasks of this kind go to, when the config names one for the kind other than the view's (`models: {doc: …}`). */
  model?: string;
  samples: number;
  first_pass: number;
  /** Attempts from this project's ledger, and from the user's record (qualification, other projects). */
  from_project: number;
  from_elsewhere: number;
  from_qualify: number;
  /** Where tasks of this kind now go, and the figure that says so. */
  route: "local" | "claude";
  detail: string;
}

/** The model tasks go to, its record per kind, and where it is kept: what `report` and `doctor` show. */
export interface ModelRecordView {
  model: string | null;
  server: string | null;
  /** The user's records folder (in Claude Code's folder for the plugin, or the user state folder). */
  records: string;
  kinds: KindView[];
  /** The model is known and nothing is on record for it: `qualify --background` is the next step. */
  empty: boolean;
}

/** The next step for a model with no record, as `doctor`, `report` and `/local-delegate:local-status` say it. */
export const QUALIFY_NEXT = "qualify --background";

/** `model`: the one the server answered with, when the caller asked it (`doctor`); else as routing picks it. */
export function modelRecordView(config: Config, ctx: CommandContext, model?: string | null): ModelRecordView {
  const entries = readRecordEntries(ledgerPath(ctx.data));
  const place = recordPlace(config, ctx);
  const named = model || (configuredModel(config, "code") ?? place.serverModel ?? latestModel(entries) ?? place.fallbackModel);
  model = named && recordedModel(named, entries, place.user);
  const view: ModelRecordView = { model, server: place.user?.server ?? null, records: ctx.records, kinds: [], empty: false };
  if (!model) return view;
  const thresholds = thresholdsFromConfig(config);
  const recordOf = (m: string) => recordFromLedger(entries, m, thresholds.window, elsewhereEntries(place.user, m), place.user?.server ?? null);
  const record = recordOf(model);
  for (const kind of TASK_KINDS) {
    // A kind the config gives its own model (`models: {doc: …}`) is routed on that model's record.
    const own = configuredModel(config, kind);
    const other = own && own !== configuredModel(config, "code") ? recordedModel(own, entries, place.user) : null;
    const kindRecord = other && !sameModel(other, model) ? recordOf(other) : record;
    const k = kindRecord.kinds[kind];
    const reason = recordReason(kindRecord, kind, thresholds);
    if (!k || !reason) continue;
    view.kinds.push({
      kind,
      ...(kindRecord !== record ? { model: kindRecord.model } : {}),
      samples: k.samples,
      first_pass: k.firstPass,
      from_project: k.fromProject,
      from_elsewhere: k.samples - k.fromProject,
      from_qualify: k.fromQualify,
      route: reason.ok ? "local" : "claude",
      detail: reason.detail,
    });
  }
  view.empty = view.kinds.length === 0;
  return view;
}
