import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";
import { countColor, decodePng } from "./png.js";

// The HTML report, opened by a real browser: Debian's Chromium, headless. Its DOM must hold the two
// charts with their marks, and its screenshot (kept in test-output/ for people to look at) must
// show them: bars in the savings colour, the success line in its colour.
const CHROMIUM = "/usr/bin/chromium";
const OUT = resolve("test-output");
const HTML = join(OUT, "report.html");
const PNG = join(OUT, "report.png");

const WEEKS = ["2026-11-04", "2026-11-11", "2026-11-18", "2026-11-25"];
function ledger(): string {
  const lines: string[] = [];
  WEEKS.forEach((day, w) => {
    for (let i = 0; i < 3 + w; i++) {
      const ok = i % 4 !== 3;
      lines.push(JSON.stringify({ v: 1, ts: `${day}T1${i % 10}:00:00.000Z`, event: "run", task_id: `w${w}-${i}`, kind: i % 3 ? "code" : "test", file: `src/w${w}-${i}.ts`, status: ok ? "success" : "escalated", attempts: ok ? 1 : 2, failure_kind: ok ? null : "tests", local: { prompt_tokens: 900, completion_tokens: 300 }, claude: { spent: 200, would_have: ok ? 1500 + 400 * w : null, saved: ok ? 1300 + 400 * w : -200, saved_ratio: null, tokenizer: "cl100k_base", factor: 1.2 } }));
    }
    lines.push(JSON.stringify({ v: 1, ts: `${day}T18:00:00.000Z`, event: "hook", decision: "not-delegable", category: "config", mode: "nudge", file: "package.json", session_id: "s" }));
  });
  return `${lines.join("\n")}\n`;
}

function chromium(args: string[], profile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    // Its own HOME too: besides the profile, Chromium writes crash-report settings and a dconf
    // cache under HOME, which two suites running at once would otherwise share.
    const home = join(profile, "home");
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_CACHE_HOME: join(home, ".cache") };
    const child = spawn(CHROMIUM, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      rej(new Error(`chromium did not finish in 90 s\n${stderr.slice(-2000)}`));
    }, 90_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
  });
}

let proj: TempProject;
let profile: TmpDir;
beforeAll(() => {
  proj = tempProject({ ".claude/local-delegate/ledger.jsonl": ledger() });
  profile = tmpDir("ld-chromium-");
  mkdirSync(OUT, { recursive: true });
  for (const f of [HTML, PNG]) rmSync(f, { force: true });
});
afterAll(() => {
  proj.cleanup();
  profile.cleanup();
});

describe("the HTML report in headless Chromium", () => {
  it("is one self-contained page", async () => {
    const r = await runCli(["report", "--html", HTML], { cwd: proj.root, home: proj.home });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`report written to ${HTML}\n`);
    const html = readFileSync(HTML, "utf8");
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|\bhref=|url\(|@import/i);
    // The only URL is the SVG namespace, which is a name, not a request.
    expect(html.match(/https?:\/\/[^"\s]+/g)?.filter((u) => u !== "http://www.w3.org/2000/svg") ?? []).toEqual([]);
  });

  it("renders both charts with their marks, and a screenshot shows them", async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: this test needs Debian's Chromium. Install it with \`apt-get install -y chromium\` (CI's .ci/run does).`);
    }
    expect(existsSync(HTML), "the previous test writes the page").toBe(true);
    const url = pathToFileURL(HTML).href;
    const dom = await chromium(["--dump-dom", url], profile.join("dom"));
    expect(dom.code, dom.stderr.slice(-2000)).toBe(0);
    const savings = dom.stdout.match(/<svg id="chart-savings"[\s\S]*?<\/svg>/)?.[0] ?? "";
    const success = dom.stdout.match(/<svg id="chart-success"[\s\S]*?<\/svg>/)?.[0] ?? "";
    expect(savings.match(/<rect class="bar"/g)).toHaveLength(WEEKS.length);
    expect(success.match(/<polyline class="line"/g)).toHaveLength(3);
    expect(success.match(/<circle class="point" data-series="first-pass success"/g)).toHaveLength(WEEKS.length);
    expect(dom.stdout).toContain("2026-W48");

    const shot = await chromium([`--screenshot=${PNG}`, "--window-size=1200,900", "--hide-scrollbars", url], profile.join("shot"));
    expect(shot.code, shot.stderr.slice(-2000)).toBe(0);
    expect(statSync(PNG).size).toBeGreaterThan(10_000);
    const img = decodePng(readFileSync(PNG));
    expect([img.width, img.height]).toEqual([1200, 900]);
    expect(countColor(img, "#2e8b57"), "savings bars drawn").toBeGreaterThan(2_000);
    expect(countColor(img, "#2f6db5"), "first-pass line drawn").toBeGreaterThan(50);
  }, 200_000);
});
