// Names a description calls rather than asks for: each language's own functions, classes and
// globals, React's hooks, test frameworks' words. A spec that says "uses `structuredClone(x)`" or
// "returns `Some(v)`" is not asking the file to define them. Pure data.

const words = (s: string): string[] => s.trim().split(/\s+/);

/** Every language: what descriptions have always been read without (kept so nothing regresses). */
const COMMON = words(`min max len print range map filter reduce sorted sum abs round int str float list dict set tuple
  isinstance open zip enumerate any all parseInt parseFloat String Number Boolean Array Object Date Math JSON Promise
  Error Map Set require fetch setTimeout clearTimeout console assert expect describe it test append push pop format
  println printf sprintf make new cap panic`);

const JS = words(`encodeURIComponent decodeURIComponent encodeURI decodeURI structuredClone Symbol BigInt RegExp isNaN
  isFinite setInterval clearInterval setImmediate clearImmediate queueMicrotask requestAnimationFrame
  cancelAnimationFrame URL URLSearchParams WeakMap WeakSet WeakRef Proxy Reflect Intl Buffer TextEncoder TextDecoder
  AbortController AbortSignal Blob File FormData Headers Request Response Event EventTarget CustomEvent atob btoa
  alert confirm prompt globalThis performance crypto Function ArrayBuffer DataView Uint8Array Int8Array Uint16Array
  Int16Array Uint32Array Int32Array Float32Array Float64Array BigInt64Array BigUint64Array Iterator Worker
  import eval useState useEffect useLayoutEffect useMemo useCallback useRef useContext useReducer useId useTransition
  useDeferredValue useImperativeHandle useSyncExternalStore forwardRef memo createContext createRef lazy
  createElement cloneElement startTransition beforeEach afterEach beforeAll afterAll vi jest`);

const PYTHON = words(`hash super iter next reversed getattr setattr hasattr delattr repr id type input object bool bytes
  bytearray callable chr ord divmod eval exec frozenset globals locals hex oct bin issubclass memoryview pow property
  classmethod staticmethod vars slice __import__ ascii compile breakpoint help dir aiter anext complex`);

const GO = words(`copy delete close recover clear append make new len cap panic min max print println complex real imag`);

const RUST = words(`Some None Ok Err Box Vec Rc Arc RefCell Cell HashMap HashSet BTreeMap BTreeSet Option Result
  String Fn FnMut FnOnce drop vec format println eprintln write writeln assert_eq assert_ne todo unimplemented unreachable matches`);

const JAVA = words(`Integer Long Double Float Short Byte Character Boolean Math System Objects Optional List Arrays
  Collections StringBuilder StringBuffer Thread Runnable Override super this`);

// The C library a C or C++ description names when it says how: `strlen(s)` bytes from `malloc(n)`.
const C = words(`malloc calloc realloc free strlen strnlen strcpy strncpy strcat strncat strcmp strncmp strchr strrchr
  strstr strdup strndup strtok memcpy memmove memset memcmp memchr printf fprintf sprintf snprintf vsnprintf puts fputs
  fgets fputc fgetc putchar getchar fopen fclose fread fwrite fflush fseek ftell rewind feof ferror perror exit abort
  atexit atoi atol strtol strtoul strtoll strtoull strtod qsort bsearch sizeof alignof offsetof isalpha isdigit isalnum
  isspace isupper islower ispunct toupper tolower getenv time clock rand srand errno`);

// PHP's, Ruby's, Swift's and Kotlin's own functions, named to say how; not names a file would define for itself.
const PHP = words(`trim ltrim rtrim strtolower strtoupper ucfirst lcfirst ucwords strlen mb_strlen mb_strtolower
  mb_substr substr str_replace str_contains str_starts_with str_ends_with strpos stripos explode implode sprintf
  printf number_format preg_match preg_match_all preg_replace preg_split htmlspecialchars json_encode json_decode
  array_map array_filter array_reduce array_keys array_values array_merge array_slice array_search array_unique
  array_key_exists in_array isset unset is_null is_string is_int is_array intval floatval strval strtotime
  file_get_contents file_put_contents var_dump print_r`);

const RUBY = words(`puts print require require_relative raise attr_reader attr_writer attr_accessor lambda block_given`);

const SWIFT = words(`print precondition preconditionFailure assert assertionFailure fatalError debugPrint stride`);

const KOTLIN = words(`listOf mutableListOf mapOf mutableMapOf setOf mutableSetOf arrayOf emptyList emptyMap require
  requireNotNull checkNotNull TODO`);

const BY_LANGUAGE: Readonly<Record<string, readonly string[]>> = {
  php: PHP,
  ruby: RUBY,
  swift: SWIFT,
  c: C,
  cpp: C,
  javascript: JS,
  typescript: JS,
  jsx: JS,
  tsx: JS,
  python: PYTHON,
  go: GO,
  rust: RUST,
  java: JAVA,
  kotlin: [...JAVA, ...KOTLIN],
};

const cache = new Map<string, ReadonlySet<string>>();

/** The names a description in this language uses without asking for them; every language's for others. */
export function builtinsOf(language: string): ReadonlySet<string> {
  let set = cache.get(language);
  if (!set) {
    const own = BY_LANGUAGE[language] ?? [...JS, ...PYTHON, ...GO, ...RUST, ...JAVA];
    set = new Set([...COMMON, ...own]);
    cache.set(language, set);
  }
  return set;
}

/** An error or exception class (`TypeError`, `ValueError`, `IllegalArgumentException`): thrown, not promised. */
export function isErrorClass(name: string): boolean {
  return /^[A-Z]\w*(?:Error|Exception)$/.test(name);
}
