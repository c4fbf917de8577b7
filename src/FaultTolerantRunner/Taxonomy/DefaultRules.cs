using static FaultTolerantRunner.Taxonomy.ErrorCategory;

namespace FaultTolerantRunner.Taxonomy;

/// <summary>
/// The built-in taxonomy table: what real .NET, database, HTTP, gRPC, cloud SDK and process failures look like.
/// Priorities: specific signals (types, status codes, SQLSTATEs) before message patterns, before generic fallbacks.
/// </summary>
public static class DefaultRules
{
    public static IReadOnlyList<ClassificationRule> All { get; } =
    [
        // Our own signals.
        Rule("ftr.attempt-timeout", 1000, ErrorCategory.Timeout, types: ["FaultTolerantRunner.Taxonomy.AttemptTimeoutException"],
            advice: "the attempt ran past its timeout; the next attempt gets a longer one, or raise timeoutSeconds"),
        Rule("breaker.open", 1000, External, types: ["BrokenCircuitException", "OpenCircuitException", "IsolatedCircuitException"],
            message: @"circuit (breaker )?is (now )?(open|isolated)|breaker.*open", advice: "the guarded service is failing; the task waits for its breaker to half-open"),

        // Critical: corrupted state, fatal runtime errors, security violations.
        Rule("critical.runtime", 950, Critical, types: ["System.AccessViolationException", "System.ExecutionEngineException", "System.InvalidProgramException",
            "System.BadImageFormatException", "System.StackOverflowException", "System.DataMisalignedException", "System.Security.SecurityException",
            "System.Security.VerificationException"], advice: "the handler hit a fatal runtime or security fault; it is isolated until an operator re-enables it"),
        Rule("critical.signal-exit", 835, Critical, exits: [132, 134, 135, 136, 139], advice: "the process crashed (SIGILL/SIGABRT/SIGBUS/SIGFPE/SIGSEGV); inspect its core dump or logs"),
        // Fatal runtime faults reported as text by other runtimes and devices, and host-key / integrity violations.
        Rule("critical.fatal-text", 900, Critical, message: @"\bStackOverflowError\b|A fatal error has been detected by the Java Runtime|device-side assert triggered|an illegal memory access was encountered|\bDataLossError\b|code = DataLoss\b|StatusCode\.DATA_LOSS\b|\bDATA_LOSS\b:|REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed",
            advice: "a fatal runtime, device or security fault; the handler is isolated until an operator looks"),
        Rule("critical.corruption", 900, Critical,
            message: @"database disk image is malformed|SQLite Error (11|26)\b|file is not a database|\bXX00[012]\b|data[_ ]corrupt|index[_ ]corrupt|checksum (mismatch|failed|error)|incorrect checksum|consistency-based I/O error|checksum did NOT match|\bCRC (error|mismatch|check failed)|crc error|invalid compressed data|(is|are) corrupt\b|corrupt (object|archive|file|block|page|loose object|pack)|corrupt(ed|ion)\b.*(state|data|index|page|file|store|journal|block|database|record)|(state|data|index|page|file|store|journal|database) (is )?corrupt|torn page|integrity check failed|Segmentation fault|core dumped|Fatal error\. Internal CLR error|double free or corruption|stack smashing detected|StatusCode=""DataLoss""",
            advice: "stored data looks corrupted; stop writers, restore from backup or repair before retrying"),

        // Resource: memory, disk, handles, pools.
        Rule("resource.memory-type", 850, Resource, types: ["System.OutOfMemoryException", "System.InsufficientMemoryException", "System.InsufficientExecutionStackException"],
            advice: "the node ran out of memory; lower concurrency or give the node more memory"),
        Rule("resource.oom-killed", 850, Resource, exits: [137], advice: "the process was killed (OOMKilled / SIGKILL); raise its memory limit or process smaller inputs"),
        Rule("resource.disk-full", 850, Resource, message: @"No space left on device|\bENOSPC\b|not enough space on the disk|disk (is )?full|database or disk is full|filegroup is full|transaction log for database .* is full|log (file )?is full|SQLite Error 13\b|\b53100\b",
            advice: "free disk space or move the data directory to a larger volume"),
        Rule("resource.quota", 850, Resource, message: @"Disk quota exceeded|\bEDQUOT\b|(disk|storage|file ?system|mailbox) quota", advice: "raise the quota or clean up old files"),
        Rule("resource.handles", 850, Resource, message: @"Too many open files|\bEMFILE\b|\bENFILE\b|file table overflow", advice: "raise the open-files limit (ulimit -n) or close leaked handles"),
        Rule("resource.memory-text", 840, Resource, message: @"CUDA out of memory|CUDA error: out of memory|cudaErrorMemoryAllocation|out of (device |GPU )?memory|Cannot allocate memory|\bENOMEM\b|\bMemoryError\b|OutOfMemoryError|heap space|Unable to allocate|memory allocation failed|GC overhead limit|OOMKilled|\b53200\b|insufficient (system )?(memory|resources)|OOM when allocating|Out of memory while trying to allocate|Failed to allocate (memory|request|\d)|_ALLOC_FAILED\b|can't allocate memory|backend out of memory|exceeding memory limits|killed by signal: Killed",
            advice: "memory is exhausted; reduce batch size or concurrency, or wait for memory to free"),
        Rule("resource.pool", 840, Resource, message: @"pool (has been |is )?exhausted|prior to obtaining a connection from the pool|too many (connections|clients)|remaining connection slots are reserved|\b53300\b|max_connections|QueuePool limit|Connection is not available, request timed out|Resource temporarily unavailable|\bEAGAIN\b|\bEWOULDBLOCK\b|thread pool starvation",
            advice: "a pool or slot limit is reached; the task waits and retries when capacity frees"),
        Rule("resource.capacity", 850, Resource, message: @"low on resource|\b(Memory|Disk|PID)Pressure\b|\bInsufficient (cpu|memory|ephemeral-storage|pods|[\w.]+/gpu)\b|exceeded quota: |Insufficient\w*Capacity|insufficient capacity|do not have sufficient \S+ capacity|ZonalAllocationFailed|AllocationFailed|ZONE_RESOURCE_POOL_EXHAUSTED|capacity quota|maximum (entity |storage |database )?size (has been |was )?(reached|exceeded)",
            advice: "the cluster or cloud has no capacity for this now (node pressure, scheduling, capacity or size quota); the task waits for room"),
        Rule("resource.http-507", 840, Resource, statuses: [507], advice: "the service has no storage left"),
        // DNS failures come as socket errors whose Linux text ("Resource temporarily unavailable") would read as EAGAIN.
        Rule("transient.dns-socket", 845, Transient, sockets: [11001, 11002, 11004], advice: "the name could not be resolved now; retried with backoff"),
        Rule("resource.socket", 830, Resource, sockets: [10035, 10055], advice: "the node is out of socket buffers or ports; wait or reduce connections"),

        // Timeout: the call or attempt ran out of time.
        Rule("timeout.httpclient", 800, ErrorCategory.Timeout, message: @"HttpClient\.Timeout|request was canceled due to the configured .*Timeout", advice: "the HTTP call exceeded its timeout; the next attempt waits longer"),
        Rule("timeout.type", 790, ErrorCategory.Timeout, types: ["System.TimeoutException", "*TimeoutException", "TimeoutRejectedException"],
            advice: "the operation timed out; the next attempt gets a longer timeout"),
        Rule("timeout.database", 790, ErrorCategory.Timeout, message: @"\b57014\b|canceling statement due to (statement|user request) timeout|Execution Timeout Expired|Timeout expired\.\s+The timeout period elapsed|Command timeout|query timed out|statement timeout|exceeded time limit|MaxTimeMSExpired|operation (has )?timed out|request timed out|TimeoutExpired|timed out after|Timeout performing|Timed out waiting",
            advice: "a database statement exceeded its timeout; check for slow queries or locks"),
        Rule("timeout.text", 790, ErrorCategory.Timeout, message: @"[\w.]Timeout(Exception|Error)\b|\bsocket\.timeout\b|\bRead timed out\b|\bRead timeout\b|\btimeout of \d+ ?m?s exceeded|Connect ?Timeout|\bServiceTimeout\b|\bOperationTimedOut\b|could not be completed within the specified time|did not complete within|reached the specified deadline|operation timeout|before timing out",
            advice: "a configured timeout elapsed; the next attempt gets a longer one"),
        Rule("timeout.grpc", 790, ErrorCategory.Timeout, message: @"StatusCode=""DeadlineExceeded""|DEADLINE_EXCEEDED|deadline exceeded|\bDeadlineExceeded\b", advice: "the remote call ran past its deadline"),
        Rule("timeout.exit-124", 790, ErrorCategory.Timeout, exits: [124], advice: "the command was stopped by `timeout`"),

        // Transient: will likely succeed if tried again.
        Rule("transient.deadlock", 760, Transient, message: @"\b40P01\b|\b40001\b|deadlock|could not serialize access|serialization failure|chosen as the deadlock victim|Lock wait timeout exceeded|lock request time out|lock timeout|lock not available|\b55P03\b|could not obtain lock",
            advice: "a concurrent transaction won; retried with backoff"),
        Rule("transient.concurrency-type", 760, Transient, types: ["*ConcurrencyException", "*WriteConflictException"], advice: "the data changed underneath; retried on a fresh read"),
        Rule("transient.concurrency", 760, Transient, message: @"\bTransactionConflict\b|data may have been modified|object has been modified|concurrent modification|being used by another process|\.lock'?: File exists|Another \w+ process seems to be running|Could not get lock",
            advice: "another writer or process holds the data or its lock; retried with backoff"),
        Rule("transient.sqlite-busy", 760, Transient, message: @"database (table )?is locked|SQLite Error (5|6)\b|SQLITE_BUSY|SQLITE_LOCKED", advice: "another writer holds the SQLite lock; retried with backoff"),
        Rule("transient.sql-server", 760, Transient, message: @"\b(40613|40197|40501|49918|49919|49920|10928|10929|4221)\b.*|is not currently available|The service is currently busy|A transport-level error has occurred|A network-related or instance-specific error occurred|limit for the database is \d+ and has been reached",
            advice: "the database service is busy or failing over; retried with backoff"),
        Rule("transient.pg-connection", 760, Transient, message: @"\b(08000|08001|08003|08004|08006|57P01|57P02|57P03|53400)\b|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|server closed the connection unexpectedly",
            advice: "the database connection dropped or the server is restarting; retried with backoff"),
        Rule("transient.http", 750, Transient, statuses: [408, 425, 429, 502, 503, 504], advice: "the service asked us to slow down or is briefly unavailable; retried with backoff"),
        Rule("transient.throttling-type", 760, Transient, types: ["ProvisionedThroughputExceededException", "*ThrottlingException", "*ThrottledException", "TooManyRequestsException",
            "RequestLimitExceededException", "LimitExceededException", "RequestThrottledException", "RateLimitExceededException", "ServerBusyException"],
            advice: "the service is throttling; retried with backoff"),
        Rule("transient.throttling", 750, Transient, message: @"Rate exceeded|rate limit|RateLimit|throughput .*exceeds|exceeds the current (capacity|throughput)|\bThrottl(ed|ing)\w*|TooManyRequests|Too Many Requests|SlowDown|Please reduce your request rate|ProvisionedThroughputExceeded|throughput .*exceeded|request rate is (too )?large|quota exceeded|RequestLimitExceeded|RequestThrottled|Server ?Busy|Server is busy|backoff and retry|StatusCode=""ResourceExhausted""|RESOURCE_EXHAUSTED|Quota exceeded for quota metric|EC2ThrottledException",
            advice: "the service is throttling; retried with backoff"),

        Rule("validation.too-large", 755, Validation, message: @"message (exceeds|larger than) (the )?max|exceeds the maximum (configured )?(message|request|payload|allowed|buffer) size|than the configured maximum buffer size|maximum allowed size|Request size is too large|payload too large|entity too large",
            advice: "the request or message is larger than the receiver accepts; split it or raise the limit"),

        // gRPC status codes by their meaning, as .NET (StatusCode="X"), Go (code = X), Python (StatusCode.X) and TensorFlow (XError) print them.
        Rule("transient.grpc", 700, Transient, message: @"StatusCode=""(Unavailable|Aborted)""|\b(UNAVAILABLE|ABORTED)\b:|code = (Unavailable|Aborted)\b|StatusCode\.(UNAVAILABLE|ABORTED)\b|\b(Unavailable|Aborted)Error\b", advice: "the remote service is briefly unavailable"),
        Rule("external.grpc", 700, External, message: @"StatusCode=""(Internal|Unknown)""|code = Internal\b|StatusCode\.INTERNAL\b|\bInternalServerError: 5", advice: "the remote service failed internally; the task waits for it to recover"),
        Rule("validation.grpc", 700, Validation, message: @"StatusCode=""(InvalidArgument|OutOfRange|FailedPrecondition|AlreadyExists)""|code = (InvalidArgument|OutOfRange|FailedPrecondition|AlreadyExists)\b|StatusCode\.(INVALID_ARGUMENT|OUT_OF_RANGE|FAILED_PRECONDITION|ALREADY_EXISTS)\b|\b(InvalidArgument|OutOfRange|FailedPrecondition|AlreadyExists)Error\b", advice: "the remote service rejected the request's content; fix the input"),
        Rule("permanent.grpc", 700, Permanent, message: @"StatusCode=""(Unimplemented|NotFound|PermissionDenied|Unauthenticated)""|code = (Unimplemented|NotFound|PermissionDenied|Unauthenticated)\b|StatusCode\.(UNIMPLEMENTED|NOT_FOUND|PERMISSION_DENIED|UNAUTHENTICATED)\b|\b(Unimplemented|PermissionDenied|Unauthenticated)Error\b", advice: "the remote call cannot succeed as made: check the method, the resource and the credentials"),

        // Programming errors in a handler: not a property of the input or the environment; retried once.
        Rule("unknown.handler-bug", 745, Unknown, types: ["System.NullReferenceException", "System.Collections.Generic.KeyNotFoundException", "System.IndexOutOfRangeException"],
            advice: "a bug in the handler; retried once, then dead-lettered: fix the handler"),
        // SDK exception types say more than the HTTP status they carry (a cloud "not found" often comes as 400).
        Rule("permanent.sdk-type", 745, Permanent, types: ["*NotFoundException", "*NoSuchKeyException", "*NoSuchBucketException", "*AccessDeniedException",
            "*UnauthorizedException", "*AuthenticationException", "*AuthorizationException", "*ForbiddenException", "*InvalidTokenException", "*ExpiredTokenException",
            "*DoesNotExistException", "*CredentialUnavailableException", "*AuthenticationFailedException"],
            advice: "the resource does not exist or access is denied; fix the name or the credentials"),

        Rule("permanent.credentials", 742, Permanent, message: @"token (has )?expired|\bExpiredToken\b|security token included in the request is (expired|invalid)|InvalidAccessKeyId|SignatureDoesNotMatch|Unable to locate credentials|NoCredentialsError|credentials were not found|Unable to get IAM security credentials|DefaultAzureCredential failed|\bAADSTS\d+|DefaultCredentialsError",
            advice: "the credentials are missing, expired or wrong; renew or configure them"),

        // HTTP status codes that will not change on retry.
        Rule("permanent.http-auth", 740, Permanent, statuses: [401, 407], advice: "authentication failed; check the credentials configured for this service"),
        Rule("permanent.http-forbidden", 740, Permanent, statuses: [403], advice: "access is forbidden; check the permissions of the account the runner uses"),
        Rule("permanent.http-not-found", 740, Permanent, statuses: [404, 410], advice: "the resource does not exist; check the URL or id"),
        Rule("permanent.http-unsupported", 740, Permanent, statuses: [405, 501, 505], advice: "the service does not support this method or feature"),
        Rule("validation.http", 740, Validation, statuses: [400, 409, 411, 412, 413, 414, 415, 416, 417, 422, 431], advice: "the service rejected the request; fix the input named in its answer"),

        // PostgreSQL SQLSTATE classes (Npgsql puts the code first in the message).
        Rule("validation.sqlstate", 650, Validation, message: @"^(22|23)[0-9A-Z]{3}:|\b23505\b|violates (unique|foreign key|check|not-null|exclusion) constraint|invalid input syntax|duplicate key value",
            advice: "the data violates a constraint or type; fix the input row"),
        Rule("permanent.sqlstate", 650, Permanent, message: @"^(28|3D|3F|42|0A)[0-9A-Z]{3}:|\b28P01\b|password authentication failed|\b42P01\b|relation "".*"" does not exist|column "".*"" does not exist|database "".*"" does not exist|\b42501\b|permission denied for",
            advice: "the query cannot succeed: check credentials, schema and grants"),

        // Other data stores and brokers, by their documented error codes and names.
        Rule("transient.brokers", 720, Transient, message: @"Broker transport failure|All broker connections are down|Leader ?Not ?Available|NOT_LEADER|NotLeaderOrFollower|Not enough (in-sync )?replicas|NOT_ENOUGH_REPLICAS|REQUEST_TIMED_OUT|NetworkException|CONNECTION_FORCED|connection.forced|BrokerUnreachable|AlreadyClosedException|not primary|NotWritablePrimary|NotPrimary|node is recovering|LOADING Redis|Redis is loading|\bTRYAGAIN\b|\bCLUSTERDOWN\b|\bMOVED \d+ |\bMASTERDOWN\b|\bREADONLY\b You can't write against a read only replica|No connection is (active|available)|NoBrokersAvailable|\bEAI_AGAIN\b|ORA-(00060|08177|12170|12541|12543|03113|03114|12514)\b|\bMySQL.*(1205|1213)\b|Error 1213|Error 1205|\b(1040|2002|2003|2006|2013)\b.*(MySQL|server)|Lost connection to MySQL server|MySQL server has gone away",
            advice: "the broker, cache or database is failing over or briefly unavailable; retried with backoff"),
        Rule("resource.stores", 720, Resource, message: @"\bOOM command not allowed\b|used memory > 'maxmemory'|ORA-(04031|01653|01654|01688|01536|00018|00020)\b|Too many connections|Out of sort memory|The table '.*' is full|tablespace .* full",
            advice: "the store ran out of memory, space or connections; retried when capacity frees"),
        Rule("validation.stores", 720, Validation, message: @"\bE11000\b|duplicate key error|Document failed validation|\bPRECONDITION_FAILED\b|PRECONDITION_FAILED|inequivalent arg|Duplicate entry .* for key|Data too long for column|Cannot add or update a child row|Incorrect (integer|decimal|datetime|date) value|Out of range value|ORA-(00001|01400|01438|01722|12899|02291|02292)\b|WRONGTYPE|value is not an integer|INVALID_(CONFIG|REQUEST|RECORD)\b|RecordTooLarge|MESSAGE_TOO_LARGE",
            advice: "the store rejected the data; fix the record named in the message"),
        Rule("permanent.stores", 720, Permanent, message: @"\bNOAUTH\b|WRONGPASS|invalid username-password pair|ACCESS_REFUSED|NOT_FOUND - no (queue|exchange)|no queue '|TOPIC_AUTHORIZATION_FAILED|GROUP_AUTHORIZATION_FAILED|TopicAuthorizationFailed|Topic authorization failed|Group authorization failed|UNKNOWN_TOPIC_OR_PART|Unknown topic or partition|Unknown column|Table '.*' doesn't exist|Unknown database|Access denied for user|ORA-(00942|00904|01017|01031|28000|28001|00955)\b|MessagingEntityNotFound|EntityNotFound|not authorized on|Authentication failed\.|\bSASL\b.*(fail|denied)|The SELECT permission was denied|permission was denied",
            advice: "the resource does not exist or access is denied; fix the name, credentials or grants"),
        Rule("critical.stores", 720, Critical, message: @"CORRUPT_MESSAGE|Corrupt message|cyclic redundancy check|CorruptRecord|Record is corrupt|ORA-(01578|00600|07445)\b|\b(823|824|825)\b.*(I/O|checksum|consistency)|I/O error .*(checksum|CRC)|incorrect pageid|torn page detected",
            advice: "the store reports corrupted data; stop writers and repair from backup"),

        // Network failures below HTTP.
        Rule("transient.socket", 600, Transient, sockets: [10050, 10051, 10052, 10053, 10054, 10057, 10058, 10060, 10061, 10064, 10065, 11001, 11002, 995, 10004, 10048],
            advice: "the network connection failed; retried with backoff"),
        Rule("permanent.socket-access", 600, Permanent, sockets: [10013], advice: "the node may not open this socket; check firewall and permissions"),

        // Types whose meaning does not depend on the message.
        Rule("permanent.not-found-type", 550, Permanent, types: ["System.IO.FileNotFoundException", "System.IO.DirectoryNotFoundException", "System.IO.DriveNotFoundException"],
            advice: "a file or directory does not exist; check the path, or create it before retrying"),
        Rule("permanent.access-type", 550, Permanent, types: ["System.UnauthorizedAccessException", "System.Security.Authentication.AuthenticationException", "System.Security.Authentication.InvalidCredentialException"],
            advice: "access was denied; check file permissions or credentials"),
        Rule("permanent.unsupported-type", 550, Permanent, types: ["System.NotSupportedException", "System.NotImplementedException", "System.PlatformNotSupportedException",
            "System.MissingMethodException", "System.TypeLoadException", "System.Configuration.ConfigurationErrorsException", "Microsoft.Extensions.Options.OptionsValidationException"],
            advice: "the operation is not supported or not configured; change the task or the configuration"),
        Rule("validation.type", 500, Validation, types: ["System.ArgumentException", "System.FormatException", "System.Text.Json.JsonException", "JsonReaderException", "JsonSerializationException",
            "System.ComponentModel.DataAnnotations.ValidationException", "ValidationException", "System.InvalidCastException", "System.OverflowException", "System.Xml.XmlException",
            "System.Xml.Schema.XmlSchemaException", "System.IO.InvalidDataException", "*ValidationException", "*ParseException", "*ParserException", "YamlException",
            "System.IO.PathTooLongException", "CsvHelper.MissingFieldException", "CsvHelper.BadDataException", "CsvHelper.TypeConversion.TypeConverterException",
            "Google.Protobuf.InvalidProtocolBufferException"],
            advice: "the input is invalid; fix the value named in the message"),

        // Other runtimes' exceptions, named in the text of tracebacks and stack traces that reach us through process tools.
        Rule("validation.foreign-type", 500, Validation, message: @"\b(ValueError|UnicodeDecodeError|UnicodeEncodeError|JSONDecodeError|IllegalArgumentException|NumberFormatException|DateTimeParseException|InvalidArgumentError|ZodError|ScannerError|IsADirectoryError|NotADirectoryError)\b|\w(Parse|Parser|Parsing|Validation|Schema)(Exception|Error)\b|\b(MismatchedInput|UnrecognizedProperty|ConstraintViolation|InvalidProtocolBuffer)Exception\b|\bValidationError\b",
            advice: "the input is invalid; fix the value named in the message"),
        Rule("permanent.tls", 455, Permanent, message: @"certificate (verify failed|has expired|problem)|CERTIFICATE_VERIFY_FAILED|self[- ]signed certificate|unable to get local issuer certificate|PKIX path building failed|valid certification path|CERT_HAS_EXPIRED|RemoteCertificate(NameMismatch|ChainErrors|NotAvailable)",
            advice: "the peer's TLS certificate is not trusted (expired, self-signed, wrong name or unknown issuer); fix the certificate or the trust store"),
        Rule("permanent.environment", 455, Permanent, message: @"\w+NotFound(Exception|Error)\b|\bNoClassDefFoundError\b|\bNoSuch\w*(Exception|Error)\b|Read-only file system|\bEROFS\b|database is read-?only|readonly database|(unable to|cannot|could not) open (the )?database|SQLite Error (1|8|14)\b|not compiled with CUDA|no NVIDIA driver|communicate with the NVIDIA driver|no CUDA-capable device|ImagePullBackOff|ErrImagePull|manifest unknown|CreateContainerConfigError|invalid reference format|\bnot authori[sz]ed\b|configuration (value|error)",
            advice: "the environment lacks what the task needs (a file, class, image, driver, write access, authorisation or valid configuration); fix it before retrying"),
        // Programming errors of other runtimes (line-start names, as tracebacks print them), below every specific text rule
        // (Node's "TypeError: fetch failed" wraps network errors): not the input's fault, retried once.
        Rule("unknown.foreign-bug", 425, Unknown, message: @"(^|\n)(TypeError|AttributeError|KeyError|IndexError|ZeroDivisionError|NameError|UnboundLocalError|ReferenceError): |java\.lang\.(NullPointerException|ArrayIndexOutOfBoundsException|ClassCastException|IllegalStateException)\b|\bNotFittedError\b",
            advice: "a bug in the program the task ran; retried once, then dead-lettered: fix the program"),

        // Message patterns.
        Rule("permanent.text", 450, Permanent, message: @"Permission denied|\bEACCES\b|\bEPERM\b|Access (to the path .* )?is denied|access denied|AccessDenied|\bForbidden\b|\bUnauthori[sz]ed\b|authentication failed|Login failed for user|permission was denied|InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken|invalid[_ ]grant|invalid[_ ]client|AuthorizationFailed|No such file or directory|\bENOENT\b|no such (table|column|bucket|key)|NoSuchKey|NoSuchBucket|ResourceNotFound|does not exist|could not find|not found|not implemented|not supported|unsupported (media|operation|protocol|version|format|feature|platform|method|file|compression|encoding|scheme|algorithm|type\b)|Invalid object name|Invalid column name|No module named|ModuleNotFoundError|ImportError|Cannot find module|Could not load file or assembly|Cannot open database|invalid configuration|misconfigur",
            advice: "this will not succeed by retrying; fix the path, permission, credential or configuration named in the message"),
        Rule("external.text", 445, External, message: @"\bInternal ?(Server ?)?Error\b|\bInternalFailure\b|internal error|ServiceFailure|upstream (server )?error|CrashLoopBackOff|Back-off restarting failed container",
            advice: "the service failed on its side; the task waits for it to recover"),
        Rule("transient.text", 440, Transient, message: @"connection (was )?(reset|refused|aborted|closed)|Connection refused|connection to the server \S+ was refused|(cannot|can't|could not|couldn't|unable to|failed to) (connect|establish a new connection)|Could not resolve host|\bENOTFOUND\b|getaddrinfo|No route to host|i/o timeout|handshake timeout|SSL_ERROR_SYSCALL|Empty reply from server|Remote end closed connection|early EOF|not closed cleanly|vanished|address already in use|\bEADDRINUSE\b|port is already allocated|broken pipe|\bECONNRESET\b|\bECONNREFUSED\b|\bETIMEDOUT\b|\bEPIPE\b|\bEHOSTUNREACH\b|\bENETUNREACH\b|forcibly closed|timed out|Temporary failure|temporarily unavailable|try again|No such host is known|Name or service not known|Name resolution|nodename nor servname|network is unreachable|transport connection|SSL connection could not be established|Service Unavailable|Bad Gateway|Gateway Time-?out|unexpected EOF|end of stream|Exception while (reading from|writing to) stream|reset by peer",
            advice: "a network or service hiccup; retried with backoff"),
        Rule("validation.text", 430, Validation, message: @"invalid (argument|parameter|input|format|value|request|syntax|url|uri)\b|\bERR_INVALID_\w+|already exists|\bis invalid: |Required value|did not match any|error parsing \S+\.ya?ml|yaml: line \d+|mapping values are not allowed|Unexpected (end of )?JSON|in JSON at position|Unexpected token .* in JSON|Expecting value: line|Divide by zero error|conversion cannot be performed|shapes? cannot be|size mismatch|requested shape|contains NaN|Error tokenizing data|validation (failed|error)|schema (violation|validation)|failed schema validation|missing required|required (property|parameter|field)|is required|malformed|must (be|not be) |cannot be (null|empty)|unexpected (character|token)|could not be (parsed|converted)|constraint failed|conflicted with the (FOREIGN KEY|CHECK|REFERENCE) constraint|Violation of (PRIMARY|UNIQUE) KEY constraint|Cannot insert (duplicate key|the value NULL)|does not (match|conform to) (the )?schema|against (the )?schema|String or binary data would be truncated|Conversion failed",
            advice: "the input is invalid; fix the value named in the message"),

        // Process exit codes (sysexits.h and shells).
        Rule("permanent.exit", 300, Permanent, exits: [125, 126, 127, 77, 78], advice: "the command (or its container runtime) is missing, not executable, not permitted or misconfigured"),
        Rule("validation.exit", 300, Validation, exits: [2, 64, 65], advice: "the command rejected its arguments or input data"),
        Rule("transient.exit", 300, Transient, exits: [75, 143], advice: "the command reported a temporary failure or was stopped from outside (SIGTERM: eviction, drain, scale-down)"),

        // Fallbacks.
        Rule("external.http-5xx", 100, External, statuses: [500, 506, 508, 510, 511, 520, 521, 522, 523, 524, 525, 526, 527, 529, 530, 598, 599],
            advice: "the service failed; the task waits for it to recover"),
        Rule("validation.http-4xx", 90, Validation, statuses: Enumerable.Range(400, 100).ToArray(), advice: "the service rejected the request"),
        Rule("transient.connect-type", 90, Transient, types: ["System.Net.Http.HttpRequestException", "System.Net.Sockets.SocketException", "System.Net.WebException",
            "System.Net.Http.HttpIOException", "System.Net.WebSockets.WebSocketException", "System.IO.IOException", "Npgsql.NpgsqlException", "System.Data.Common.DbException"],
            advice: "an I/O or connection failure; retried with backoff"),
    ];

    private static ClassificationRule Rule(string id, int priority, ErrorCategory category,
        string[]? types = null, string? message = null, int[]? statuses = null, int[]? sockets = null, int[]? exits = null,
        string? stderr = null, Severity? severity = null, string? advice = null) => new()
    {
        Id = id,
        Priority = priority,
        Category = category,
        Severity = severity,
        ExceptionTypes = types ?? [],
        Message = message is null ? null : ClassificationRule.Pattern(message),
        HttpStatuses = statuses ?? [],
        SocketErrors = sockets ?? [],
        ExitCodes = exits ?? [],
        Stderr = stderr is null ? null : ClassificationRule.Pattern(stderr),
        Advice = advice,
    };
}
