// The assertions both the live and the fixture tests make about one runner's output.
import { expect } from "vitest";
import type { CommandResult } from "../../../src/verify/command.js";
import { commandFault } from "../../../src/verify/command-fault.js";
import { firstFailure } from "../../../src/verify/first-failure.js";
import { FRAME_MARK, type RunnerCase } from "./support.js";

export function expectReading(c: RunnerCase, r: CommandResult, root: string, command = c.command): void {
  expect(r.exitCode, r.output).not.toBe(0);
  const fault = commandFault(r, command, { field: "test_command", root, outputFile: c.outputFile });
  if (c.fault) {
    expect(fault, r.output).not.toBeNull();
    expect(fault!.code).toBe("TEST_COMMAND");
    expect(fault!.field).toBe("test_command");
    // The result line's error is `test_command: message`, 200 characters at most.
    expect(`test_command: ${fault!.message}`.length).toBeLessThanOrEqual(200);
    for (const s of c.fault) expect(fault!.message).toContain(s);
    expect(fault!.message).not.toMatch(FRAME_MARK);
    return;
  }
  // A failure the model made is judged, with a retry: never a command fault.
  expect(fault, fault?.message).toBeNull();
  const line = firstFailure(r.output, { root });
  expect(line, r.output).not.toBeNull();
  expect(line!.length).toBeLessThanOrEqual(200);
  expect(line).not.toMatch(FRAME_MARK);
  expect(line).not.toContain(root);
  for (const s of c.first!.has) expect(line).toContain(s);
  if (c.first!.test) expect(line!.startsWith(`${c.first!.test}: `), line!).toBe(true);
  if (c.first!.at) expect(line!.endsWith(`(${c.first!.at})`), line!).toBe(true);
}
