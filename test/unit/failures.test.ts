import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { DeadlineExceeded, startDeadline } from "../../src/model/deadline.js";
import { callFailure, httpFailure, isStillLoading, networkFailure, readErrorBody } from "../../src/model/failures.js";
import { ConnectTimeout } from "../../src/model/http.js";
import { errorReplies, type ScriptedReply } from "../support/fake-openai-server.js";

const BASE = "http://127.0.0.1:1234/v1";

/** The failure for a scripted error reply, with the body sent exactly as the fake server sends it. */
function fromReply(r: ScriptedReply, statusText = "") {
  const body = typeof r.errorBody === "string" ? r.errorBody : JSON.stringify(r.errorBody);
  return httpFailure(BASE, r.status ?? 500, statusText, body).error;
}

describe("httpFailure: real server bodies", () => {
  it.each([
    ["LM Studio 0.3 (string error)", errorReplies.lmStudioContextOverflow(9000, 4096), "Trying to keep the first 9000 tokens when context the overflows"],
    ["LM Studio 0.4", errorReplies.lmStudioContextExceeded(), "Context size has been exceeded."],
    ["llama.cpp generation", errorReplies.llamaCppContextFull(), "Context size has been exceeded."],
    ["vLLM top-level shape", errorReplies.vllmContextExceeded(4096, 4000, 1000), "This model's maximum context length is 4096 tokens"],
  ])("%s context overflow is CONTEXT_OVERFLOW with the server's words", (_, reply, words) => {
    const e = fromReply(reply);
    expect(e.code).toBe("CONTEXT_OVERFLOW");
    expect(e.message).toContain(words);
    expect(e.hint).toMatch(/larger context/);
  });

  it("llama.cpp's exceed_context_size_error gives the figures", () => {
    const e = fromReply(errorReplies.llamaCppContextExceeded(5123, 4096));
    expect(e.code).toBe("CONTEXT_OVERFLOW");
    expect(e.message).toContain("(prompt 5123 tokens, context 4096)");
    expect(e.message).toContain("request (5123 tokens) exceeds the available context size (4096 tokens)");
  });

  it("names the setting of each server that gives a larger context, llama.cpp's and vLLM's too", () => {
    for (const reply of [errorReplies.llamaCppContextExceeded(5123, 4096), errorReplies.vllmContextExceeded(4096, 5000, 512), errorReplies.lmStudioContextOverflow(9000, 4096)]) {
      const e = fromReply(reply);
      expect(e.hint).toMatch(/llama-server -c 16384/);
      expect(e.hint).toMatch(/--max-model-len 16384/);
      expect(e.hint).toMatch(/--context-length 16384/);
      expect(e.hint).toMatch(/OLLAMA_CONTEXT_LENGTH/);
    }
  });

  it.each([
    ["vLLM before 0.10", errorReplies.vllmContextExceeded(8192, 5000, 4096)],
    ["vLLM 0.10+", errorReplies.vllmMaxTokensTooLarge(8192, 5000, 4096)],
  ])("%s: a prompt that fits, with too large an answer limit, is not called a prompt that does not fit", (_, reply) => {
    const e = fromReply(reply);
    expect(e.code).toBe("CONTEXT_OVERFLOW");
    expect(e.message).not.toMatch(/the prompt does not fit/);
    expect(e.message).toContain("the prompt (5000 tokens) fits the model's context of 8192 tokens, but not with 4096 tokens for the answer");
    expect(e.hint).toMatch(/^lower max_output_tokens \(LOCAL_DELEGATE_MAX_OUTPUT_TOKENS\) below 3192, or load the model with a larger context/);
  });

  it("near miss: vLLM, a prompt over the context alone is still the prompt's fault", () => {
    const e = fromReply(errorReplies.vllmContextExceeded(8192, 9000, 512));
    expect(e.message).toMatch(/^the prompt does not fit the model's loaded context/);
  });

  it("vLLM's newer nested shape is read too", () => {
    const body = JSON.stringify({ error: { message: "This model's maximum context length is 2048 tokens. However, you requested 3000 tokens.", type: "BadRequestError", param: null, code: 400 } });
    expect(httpFailure(BASE, 400, "Bad Request", body).error.code).toBe("CONTEXT_OVERFLOW");
  });

  it.each([
    ["LM Studio 0.3, nothing loaded", errorReplies.lmStudioNoModelsLoaded(), "No models loaded"],
    ["LM Studio 0.4, nothing loaded", errorReplies.lmStudioNoModelsLoadedV4(), "No models loaded"],
    ["LM Studio, unknown model (404)", errorReplies.lmStudioModelNotFound("qwen-x", ["a", "b"]), 'Model "qwen-x" not found'],
    ["LM Studio, invalid model identifier (400)", errorReplies.lmStudioInvalidModelIdentifier("qwen-x", ["a", "b"]), 'Invalid model identifier "qwen-x"'],
    ["Ollama, model not pulled", errorReplies.ollamaModelNotFound("llama3"), 'model "llama3" not found, try pulling it first'],
    ["OpenAI-style model_not_found", errorReplies.openAI(400, "The model `gpt-x` does not exist", "invalid_request_error", "model", "model_not_found"), "The model `gpt-x` does not exist"],
  ])("%s is MODEL_UNAVAILABLE with the server's words and a hint", (_, reply, words) => {
    const e = fromReply(reply);
    expect(e.code).toBe("MODEL_UNAVAILABLE");
    expect(e.message).toContain(words);
    expect(e.message).toContain(BASE);
    expect(e.hint).toMatch(/load/);
  });

  it("Ollama's native string error is read", () => {
    const e = httpFailure(BASE, 404, "Not Found", JSON.stringify({ error: "model 'llama3' not found, try pulling it first" })).error;
    expect(e.code).toBe("MODEL_UNAVAILABLE");
    expect(e.message).toContain("model 'llama3' not found");
  });

  it("a busy server (429, 503) is MODEL_UNAVAILABLE; llama.cpp loading its model says so, and is worth waiting for", () => {
    const loading = fromReply(errorReplies.llamaCppLoading());
    expect(loading.code).toBe("MODEL_UNAVAILABLE");
    expect(loading.message).toContain("is still loading its model (HTTP 503): Loading model");
    expect(loading.hint).toMatch(/lock_wait_ms/);
    expect(isStillLoading(loading)).toBe(true);
    const busy = httpFailure(BASE, 503, "Service Unavailable", JSON.stringify({ error: { message: "Server busy" } })).error;
    expect(busy).toMatchObject({ code: "MODEL_UNAVAILABLE", hint: "try again when it is free" });
    expect(isStillLoading(busy)).toBe(false);
    expect(httpFailure(BASE, 429, "Too Many Requests", "").error).toMatchObject({ code: "MODEL_UNAVAILABLE" });
  });

  it("401 and 403 say to set the API key", () => {
    const e = fromReply(errorReplies.openAI(401, "Incorrect API key provided", "invalid_request_error", null, "invalid_api_key"));
    expect(e.code).toBe("MODEL_UNAVAILABLE");
    expect(e.message).toContain("Incorrect API key provided");
    expect(e.hint).toMatch(/api_key/);
    expect(httpFailure(BASE, 403, "Forbidden", "").error.hint).toMatch(/api_key/);
  });

  it("other errors are MODEL_ERROR with the server's words", () => {
    const crashed = fromReply(errorReplies.lmStudioModelCrashed(11));
    expect(crashed.code).toBe("MODEL_ERROR");
    expect(crashed.message).toBe("the model server answered HTTP 400: The model has crashed without additional information. (Exit code: 11)");
    const openai = fromReply(errorReplies.openAI(500, "Something broke in the sampler", "server_error"));
    expect(openai).toEqual({ code: "MODEL_ERROR", message: "the model server answered HTTP 500: Something broke in the sampler" });
  });

  it("a non-JSON body is quoted, trimmed and capped", () => {
    expect(httpFailure(BASE, 500, "Internal Server Error", "  upstream exploded\n").error.message).toBe("the model server answered HTTP 500: upstream exploded");
    const long = httpFailure(BASE, 500, "", "x".repeat(5000)).error.message;
    expect(long.length).toBeLessThan(400);
  });

  it("an empty body falls back to the status text, then the status", () => {
    expect(httpFailure(BASE, 500, "Internal Server Error", "").error.message).toBe("the model server answered HTTP 500: Internal Server Error");
    expect(httpFailure(BASE, 500, "", "").error.message).toBe("the model server answered HTTP 500: HTTP 500");
    expect(httpFailure(BASE, 500, "", "   ").error.code).toBe("MODEL_ERROR");
  });

  it("a proxy's error page: the server behind it is unavailable, said in words, not markup", () => {
    const nginx = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n";
    const r = httpFailure(BASE, 502, "Bad Gateway", nginx).error;
    expect(r.code).toBe("MODEL_UNAVAILABLE");
    expect(r.message).toBe(`the model server at ${BASE} answered HTTP 502 from a gateway or proxy: the server behind it did not answer (502 Bad Gateway)`);
    expect(r.hint).toMatch(/is running and reachable from the proxy/);
    // A page with no title is read as its text.
    const bare = httpFailure(BASE, 504, "", "<!DOCTYPE html><html><body><p>upstream request timeout &amp; retry</p><script>x()</script></body></html>").error;
    expect(bare.message).toContain("(upstream request timeout & retry)");
    // Near misses: a 500 in plain text stays the server's own error, quoted as sent, <tags> and all.
    expect(httpFailure(BASE, 500, "", "error: <unk> token").error).toMatchObject({ code: "MODEL_ERROR", message: "the model server answered HTTP 500: error: <unk> token" });
  });

  it("JSON of another shape is quoted as sent", () => {
    expect(httpFailure(BASE, 500, "", '{"oops":true}').error.message).toContain('{"oops":true}');
    expect(httpFailure(BASE, 500, "", '{"error":{"message":null}}').error.message).toContain("HTTP 500");
  });
});

describe("readErrorBody", () => {
  it("reads each known shape", () => {
    expect(readErrorBody('{"error":"x"}')).toMatchObject({ message: "x", type: null });
    expect(readErrorBody('{"error":{"message":"m","type":"t","n_prompt_tokens":5,"n_ctx":4}}')).toEqual({ message: "m", type: "t", nPrompt: 5, nCtx: 4, code: null });
    expect(readErrorBody('{"detail":"d"}')).toMatchObject({ message: "d" });
    expect(readErrorBody('{"object":"error","message":"m2"}')).toMatchObject({ message: "m2" });
    expect(readErrorBody("")).toMatchObject({ message: null });
  });
});

describe("networkFailure", () => {
  it("finds ECONNREFUSED nested in cause and says how to start a server", () => {
    const e = new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1234"), { code: "ECONNREFUSED" }) });
    const f = networkFailure(BASE, e).error;
    expect(f).toMatchObject({ code: "MODEL_UNAVAILABLE", message: `cannot reach the model server at ${BASE} (ECONNREFUSED)` });
    expect(f.hint).toMatch(/lms server start|ollama serve|llama-server/);
    expect(f.hint).toContain("LOCAL_DELEGATE_BASE_URL");
  });

  it("finds a code two causes deep (AggregateError from happy eyeballs)", () => {
    const inner = Object.assign(new Error("connect ECONNREFUSED ::1:1234"), { code: "ECONNREFUSED" });
    const agg = new AggregateError([inner], "");
    const e = new TypeError("fetch failed", { cause: Object.assign(agg, { cause: inner }) });
    expect(networkFailure(BASE, e).error.message).toContain("ECONNREFUSED");
  });

  it("a real refused connection on loopback is MODEL_UNAVAILABLE", async () => {
    const port = await closedPort();
    const err = await fetch(`http://127.0.0.1:${port}/v1/models`, { signal: AbortSignal.timeout(2_000) }).then(
      () => null,
      (e: unknown) => e,
    );
    const f = networkFailure(`http://127.0.0.1:${port}/v1`, err).error;
    expect(f.code).toBe("MODEL_UNAVAILABLE");
    expect(f.message).toContain("ECONNREFUSED");
  });

  it("a TimeoutError says the server did not answer within the time, with a hint", () => {
    const e = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    const f = networkFailure(BASE, e, 600_000).error;
    expect(f).toMatchObject({ code: "MODEL_UNAVAILABLE", message: `the model server at ${BASE} did not answer within 600 s` });
    expect(f.hint).toContain("LOCAL_DELEGATE_TIMEOUT_MS");
    expect(networkFailure(BASE, e, 1_500).error.message).toContain("within 1.5 s");
    expect(networkFailure(BASE, e).error.message).toBe(`the model server at ${BASE} did not answer`);
  });

  it("an unknown error is described without a stack", () => {
    const f = networkFailure(BASE, new Error("socket hang up")).error;
    expect(f.message).toBe(`cannot reach the model server at ${BASE} (socket hang up)`);
    expect(networkFailure(BASE, "weird").error.message).toContain("(weird)");
  });
});

/** A loopback port with nothing listening: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe("callFailure: what a server call that threw comes to", () => {
  const ended = async (ms: number, parent?: AbortSignal) => {
    const d = startDeadline(ms, "connect_timeout_ms", parent);
    await d.race(new Promise(() => {})).catch(() => {});
    return d;
  };

  it("a passed deadline names what did not come, the setting and its variable", async () => {
    const d = await ended(100);
    const f = callFailure(BASE, new DeadlineExceeded(100, "connect_timeout_ms"), d, "GET /v1/models").error;
    expect(f).toMatchObject({ code: "MODEL_UNAVAILABLE", message: `the model server at ${BASE} did not answer within 0.1 s (connect_timeout_ms: GET /v1/models)` });
    expect(f.hint).toContain("raise connect_timeout_ms (LOCAL_DELEGATE_CONNECT_TIMEOUT_MS)");
  });

  it("the caller's cancel is CANCELLED, whatever the error it caused", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 5);
    const d = await ended(60_000, ac.signal);
    expect(callFailure(BASE, new Error("socket hang up"), d, "x").error.code).toBe("CANCELLED");
  });

  it("a connection that did not open says so, with its own setting", () => {
    const d = startDeadline(60_000, "timeout_ms");
    const f = callFailure(BASE, new ConnectTimeout(1_500), d, "no answer to the request").error;
    d.dispose();
    expect(f.message).toBe(`the model server at ${BASE} did not accept a connection within 1.5 s (connect_timeout_ms)`);
    expect(f.hint).toContain("LOCAL_DELEGATE_CONNECT_TIMEOUT_MS");
  });

  it("anything else is the network's own error", () => {
    const d = startDeadline(60_000, "timeout_ms");
    const e = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1234"), { code: "ECONNREFUSED" });
    expect(callFailure(BASE, e, d, "x").error.message).toBe(`cannot reach the model server at ${BASE} (ECONNREFUSED)`);
    d.dispose();
  });
});
