import { basename } from "node:path";
import { adaptiveVerdict, latestModel, readLedgerTail, recordFromLedger, thresholdsFromConfig, type ModelRecord } from "../classify/adaptive.js";
import type { Config } from "../config/schema.js";
import type { TaskKind } from "../spec/schema.js";
import type { Router } from "./check.js";

/**
 * The one place `plan check` consults the model's measured record (src/classify/adaptive.ts):
 * a kind this model has done poorly on lately goes to Claude, with the figure as the reason. The
 * model is the one the first backend would use for the kind, else the last one in the ledger.
 */
export function routerFor(config: Config, ledgerFile: string): Router {
  const entries = readLedgerTail(ledgerFile);
  const thresholds = thresholdsFromConfig(config);
  const fallback = latestModel(entries);
  const records = new Map<string, ModelRecord>();
  return (verdict, kind) => {
    const model = configuredModel(config, kind as TaskKind) ?? fallback;
    if (!model) return verdict;
    let record = records.get(model);
    if (!record) {
      record = recordFromLedger(entries, model, thresholds.window);
      records.set(model, record);
    }
    return adaptiveVerdict(verdict, record, thresholds, { kind });
  };
}

function configuredModel(config: Config, kind: TaskKind): string | undefined {
  if (config.backend === "embedded") return config.model_path ? basename(config.model_path).replace(/\.gguf$/i, "") : undefined;
  const ep = config.endpoints?.[0];
  return ep?.models?.[kind] ?? ep?.model ?? config.models?.[kind] ?? config.model;
}
