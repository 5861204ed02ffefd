import type { Scope } from "./scopes.js";

// The words of each ecosystem that say a file holds state, runs things concurrently, or wires a
// framework together: what keeps it with Claude by the design's criteria. Matched on masked code
// (no comments, no string contents) as a whole, `^` and `$` at each line; a signal bound to
// scopes is then looked for again in the pieces of code in those scopes.

export type SignalKind = "state" | "concurrency" | "integration";

export interface Signal {
  kind: SignalKind;
  re: RegExp;
  /** Only in these scopes (a `static` local is state in a function body, not at the top). */
  in?: readonly Scope[];
}

const c = (re: RegExp, inScopes?: readonly Scope[]): Signal => ({ kind: "concurrency", re, ...(inScopes ? { in: inScopes } : {}) });
const s = (re: RegExp, inScopes?: readonly Scope[]): Signal => ({ kind: "state", re, ...(inScopes ? { in: inScopes } : {}) });
const i = (re: RegExp): Signal => ({ kind: "integration", re });

const FUNCTION_BODY = ["body", "init"] as const;

const JAVA_CONCURRENCY = (): Signal[] => [
  c(/\bsynchronized\b/m),
  c(/\b(?:ExecutorService|Executors\.\w+|ThreadPoolExecutor|ScheduledExecutorService|ForkJoinPool|CompletableFuture|CountDownLatch|CyclicBarrier|Phaser|Semaphore|ReentrantLock|ReentrantReadWriteLock|ReadWriteLock|StampedLock|ConcurrentHashMap|ConcurrentLinkedQueue|CopyOnWriteArrayList|BlockingQueue|LinkedBlockingQueue|ArrayBlockingQueue|ThreadLocal|Atomic(?:Integer|Long|Boolean|Reference)(?:Array)?)\b/m),
  c(/\bnew\s+Thread\s*\(|\bextends\s+Thread\b|\bjava\.util\.concurrent\b|\bvolatile\b|\.parallelStream\s*\(/m),
];
const JVM_WIRING = (): Signal => i(/@(?:RestController|Controller|Autowired|Inject|SpringBootApplication|Configuration|Bean|RequestMapping|GetMapping|PostMapping|PutMapping|DeleteMapping|Component|Service|Repository)\b/m);

const C_CONCURRENCY = (): Signal[] => [
  c(/\bpthread_\w+|\bstd::(?:thread|jthread|mutex|shared_mutex|recursive_mutex|timed_mutex|atomic\w*|async|lock_guard|unique_lock|scoped_lock|shared_lock|condition_variable\w*|future|promise|counting_semaphore|binary_semaphore|latch|barrier)\b/m),
  c(/^\s*#\s*include\s*<(?:thread|mutex|shared_mutex|atomic|future|condition_variable|semaphore|latch|barrier|pthread\.h|stdatomic\.h|threads\.h)>/m),
  c(/^\s*#\s*pragma\s+omp\b|\b_Atomic\b|\b(?:mtx|thrd|cnd)_\w+\s*\(/m),
  // A `static` local keeps its value from one call to the next.
  s(/^\s*static\s+(?!const\b|constexpr\b|inline\b|void\b|assert\b)[\w:<>,\s*&]+?[\s*&](\w+)\s*(?:\[[^\]]*\]\s*)*(?:=[^;]*)?;/m, FUNCTION_BODY),
];

const SIGNALS: Record<string, () => readonly Signal[]> = {
  python: () => [
    c(/^\s*(?:import\s+(?:threading|multiprocessing|_thread|queue|concurrent\.futures|asyncio)\b|from\s+(?:threading|multiprocessing|concurrent\.futures|queue)\s+import\b)/m),
    c(/\b(?:threading|multiprocessing|_thread)\.\w+|\b(?:ThreadPoolExecutor|ProcessPoolExecutor|RLock|BoundedSemaphore|Semaphore|Barrier)\s*\(|\bLock\s*\(\s*\)/m),
    c(/\basyncio\.(?:create_task|gather|Queue|Lock|Semaphore|Event|Condition|wait|wait_for|TaskGroup|as_completed|ensure_future|run_coroutine_threadsafe|to_thread|PriorityQueue|LifoQueue)\b|\b(?:anyio|trio)\.\w+/m),
    s(/^\s*(?:global|nonlocal)\s+\w+/m, FUNCTION_BODY),
    i(/^\s*@\w+\.(?:route|get|post|put|patch|delete|websocket)\s*\(|\b(?:Flask|FastAPI|APIRouter|Blueprint)\s*\(|\burlpatterns\b/m),
  ],
  go: () => [
    c(/(?:^|[\s;{}])go\s+(?:func\b|[\w.]+\s*\()/m),
    c(/\bchan\b|<-/m),
    c(/\bsync\.(?:Mutex|RWMutex|WaitGroup|Once|Cond|Map|Pool)\b|\batomic\.\w+|\berrgroup\.\w+|\bselect\s*\{/m),
    i(/\bhttp\.(?:HandleFunc|Handle|ListenAndServe\w*)\b|\.HandleFunc\s*\(|\b(?:gin\.(?:Default|New)|echo\.New|chi\.NewRouter|mux\.NewRouter)\s*\(/m),
  ],
  rust: () => [
    c(/\bthread::(?:spawn|scope)\b|\bstd::thread\b|\btokio::(?:spawn|select|join|task|sync|main|runtime)\b|\basync_std::task\b|\bspawn(?:_blocking)?\s*\(/m),
    c(/\b(?:Mutex|RwLock)\s*<|\b(?:Condvar|Barrier)\b|\bmpsc::|\bcrossbeam\b|\brayon\b|\.par_iter\s*\(|\bAtomic(?:Bool|Usize|Isize|[IU](?:8|16|32|64))\b/m),
    s(/\bstatic\s+mut\b|\blazy_static!|\bthread_local!/m),
    s(/&\s*mut\s+self\b/m),
    s(/\b(?:RefCell|Cell)\s*</m),
    i(/#\[(?:get|post|put|delete|route|actix_web::main|launch)\b|\b(?:Router::new|HttpServer::new|axum::serve|warp::serve)\b/m),
  ],
  java: () => [...JAVA_CONCURRENCY(), JVM_WIRING()],
  kotlin: () => [
    ...JAVA_CONCURRENCY(),
    c(/\b(?:launch|async)\s*(?:\([^)]*\))?\s*\{|\b(?:runBlocking|coroutineScope|supervisorScope|CoroutineScope|GlobalScope|withContext|Dispatchers\.\w+|kotlinx\.coroutines)\b|\bChannel\s*<|\bMutex\s*\(\s*\)|@(?:Synchronized|Volatile)\b|\bthread\s*(?:\([^)]*\))?\s*\{/m),
    JVM_WIRING(),
  ],
  csharp: () => [
    c(/\block\s*\(|\bTask\.(?:Run|WhenAll|WhenAny|Factory)\b|\bnew\s+Thread\s*\(|\bParallel\.\w+|\bInterlocked\.\w+|\bChannel\.Create(?:Bounded|Unbounded)\b|\bvolatile\b/m),
    c(/\b(?:SemaphoreSlim|Monitor|Mutex|ReaderWriterLockSlim|ConcurrentDictionary|ConcurrentQueue|ConcurrentBag|ConcurrentStack|BlockingCollection|ThreadPool|ThreadLocal)\b|\bSystem\.Threading(?!\.Tasks)\b/m),
    i(/\[(?:ApiController|Route|HttpGet|HttpPost|HttpPut|HttpDelete)\b|\bapp\.Map(?:Get|Post|Put|Delete|Controllers)?\s*\(|\bservices\.Add\w+\s*\(|\bbuilder\.Services\b|\bWebApplication\.CreateBuilder\b/m),
  ],
  c: C_CONCURRENCY,
  cpp: C_CONCURRENCY,
  ruby: () => [
    c(/\bThread\.new\b|\bThread::|\bMutex\.new\b|\bMonitor\b|\bQueue\.new\b|\bSizedQueue\b|\bConcurrent::|\bRactor\b|\.synchronize\b|\bConditionVariable\b|\bFiber\.new\b/m),
    s(/@@\w+/m),
    s(/(?:^|[\s;(])\$[A-Za-z_]\w*\s*(?:[-+*/|&]|\|\||&&)?=(?!=)/m),
    s(/^\s*attr_(?:accessor|writer)\b/m),
    i(/\bRails\.application\b|<\s*(?:ApplicationController|ApplicationRecord|ActionController::\w+|ActiveRecord::Base)\b|^\s*(?:resources?|namespace)\s+:\w+|^\s*(?:has_many|belongs_to|has_one|before_action)\b/m),
  ],
  php: () => [
    c(/\bpcntl_fork\b|\bSwoole\\|\bparallel\\|\bnew\s+Fiber\b|\bReact\\EventLoop|\bAmp\\|\bsem_acquire\b/m),
    s(/^\s*(?:global|static)\s+\$\w+/m, FUNCTION_BODY),
    i(/\bRoute::\w+\s*\(|\bextends\s+(?:Controller|Model)\b|\$app->(?:get|post|put|delete|group)\s*\(/m),
  ],
  swift: () => [
    c(/(?:^|\s)actor\s+[A-Z]\w*|\b(?:DispatchQueue|DispatchGroup|DispatchSemaphore|OperationQueue|NSLock|NSRecursiveLock|os_unfair_lock|OSAllocatedUnfairLock|AsyncStream)\b/m),
    c(/\bTask\s*(?:\([^)]*\))?\s*\{|\bTask\.detached\b|\bwith(?:Throwing)?TaskGroup\b|@MainActor\b|@Sendable\b|\bnonisolated\b|\bThread\s*\(/m),
    s(/\bmutating\s+func\b/m),
    i(/^\s*@main\b|\b(?:UIApplicationDelegate|NSApplicationDelegate)\b|\bapp\.(?:get|post|put|delete|grouped)\s*\(/m),
  ],
  javascript: () => [c(/\bnew\s+(?:Worker|SharedWorker)\s*\(|\b(?:parentPort|workerData|SharedArrayBuffer)\b|\bAtomics\.\w+|\bcluster\.fork\b/m)],
  bash: () => [c(/(?:^|[^&>])&\s*$|\bflock\b|\bxargs\b.*\s-P\s*\d|\bparallel\s/m)],
};

for (const alias of ["typescript", "tsx", "jsx", "vue", "svelte"]) SIGNALS[alias] = SIGNALS.javascript!;

const built = new Map<string, readonly Signal[]>();

/**
 * A language's signals, built the first time they are asked for: V8 parses a regular expression
 * when it is created, and the hook judging one Write needs one language's of the dozen.
 */
export function signalsFor(language: string): readonly Signal[] {
  let list = built.get(language);
  if (!list) built.set(language, (list = SIGNALS[language]?.() ?? []));
  return list;
}
