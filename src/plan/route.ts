import { configuredModel, readRecordEntries, routeWithLedger, thresholdsFromConfig, type UserRecordSource } from "../classify/adaptive.js";
import type { Config } from "../config/schema.js";
import type { Router } from "./check.js";

/**
 * The one place `plan check` consults the model's measured record, through the routing the hook
 * and `classify` use (`routeWithLedger`): a kind this model has done poorly on lately goes to
 * Claude, with the figure as the reason. The model is the one the first backend would use for the
 * kind, else the one the server last reported, else the last one in the ledger; its record is this
 * project's attempts first, then the user's from elsewhere (`place.user`). The ledger's tail is read
 * once for the whole plan.
 */
export function routerFor(config: Config, ledgerFile: string, place: { user: UserRecordSource | null; serverModel: string | null; fallbackModel: string | null } = { user: null, serverModel: null, fallbackModel: null }): Router {
  const entries = readRecordEntries(ledgerFile);
  const thresholds = thresholdsFromConfig(config);
  return (verdict, kind) => routeWithLedger(verdict, { ledgerFile, entries, model: configuredModel(config, kind), kind, thresholds, ...place }).verdict;
}
