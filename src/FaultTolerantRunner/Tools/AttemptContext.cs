using System.Diagnostics;

namespace FaultTolerantRunner.Tools;

/// <summary>
/// Everything one attempt may use, and the resources it must give back. The runner disposes it after
/// every attempt (success, failure, timeout, cancel): child process trees are killed, temp directories
/// deleted and registered cleanups run, newest first. Compensations outlive it: they are journaled by the task.
/// </summary>
public sealed class AttemptContext : IAsyncDisposable
{
    private readonly Stack<Func<ValueTask>> _cleanups = new();
    private readonly List<SkippedItem> _skipped = new();
    private readonly List<Process> _processes = new();
    private readonly object _gate = new();
    private const string SetSid = "/usr/bin/setsid";
    private readonly TimeSpan _killGrace;
    private string? _tempDirectory;
    private readonly Func<string, string?, CompensationScope, Task<int>>? _registerCompensation;
    private readonly AttemptProgress? _progress;
    private bool _disposed;

    /// <param name="registerCompensation">Journals a compensation with the task and answers its number (the runner's; null: none can be registered).</param>
    /// <param name="progress">Where progress reports go, and the checkpoint earlier attempts left (the runner's; null: reports go nowhere).</param>
    public AttemptContext(string taskId, int attempt, string tool, ToolParameters parameters, string? idempotencyKey,
        TimeSpan timeout, TimeSpan killGrace, Taxonomy.IErrorClassifier? classifier = null,
        Func<string, string?, CompensationScope, Task<int>>? registerCompensation = null, AttemptProgress? progress = null)
    {
        _registerCompensation = registerCompensation;
        _progress = progress;
        Classifier = classifier ?? Taxonomy.RuleBasedClassifier.Default;
        TaskId = taskId;
        Attempt = attempt;
        Tool = tool;
        Parameters = parameters;
        IdempotencyKey = idempotencyKey;
        Timeout = timeout;
        _killGrace = killGrace;
    }

    public string TaskId { get; }

    /// <summary>1 for the first attempt; lets handlers make side effects idempotent together with the key.</summary>
    public int Attempt { get; }

    public string Tool { get; }

    public ToolParameters Parameters { get; }

    public string? IdempotencyKey { get; }

    public TimeSpan Timeout { get; }

    public Taxonomy.IErrorClassifier Classifier { get; }

    /// <summary>The last checkpoint an earlier attempt of this task reported (null on the first, or if none did): resume from it.</summary>
    public string? Checkpoint => _progress?.Checkpoint;

    /// <summary>The largest checkpoint (UTF-8 bytes) <see cref="ReportProgressAsync"/> takes: Tasks:MaxCheckpointBytes.</summary>
    public int MaxCheckpointBytes => _progress?.MaxCheckpointBytes ?? Tasks.TaskDefaults.MaxCheckpointBytes;

    /// <summary>
    /// Reports how far the attempt is (<paramref name="percent"/> 0..100, a <paramref name="message"/> of at most 200 characters)
    /// and optionally a <paramref name="checkpoint"/> (at most Tasks:MaxCheckpointBytes UTF-8 bytes) that the task's next
    /// attempt receives as <see cref="Checkpoint"/> after a failure, timeout or crash. Reports are throttled to one per
    /// Tasks:ProgressInterval (the latest wins; a held-back checkpoint is kept); the task completes once the report is handed
    /// to the runner, before it is journaled, so a crash loses at most one interval. A progress report also counts as a heartbeat.
    /// </summary>
    /// <exception cref="ArgumentException">A value out of bounds (a handler bug).</exception>
    public Task ReportProgressAsync(double percent, string? message = null, string? checkpoint = null)
    {
        var report = ProgressReport.Create(percent, message, checkpoint, MaxCheckpointBytes);
        lock (_gate) ObjectDisposedException.ThrowIf(_disposed, this);
        _progress?.Report(report);
        return Task.CompletedTask;
    }

    /// <summary>Items a batch skipped (item-level validation errors: the Resume directive).</summary>
    public IReadOnlyList<SkippedItem> SkippedItems
    {
        get
        {
            lock (_gate) return _skipped.ToArray();
        }
    }

    /// <summary>
    /// Registers a compensation that undoes progress made so far, by <paramref name="name"/> with its
    /// <paramref name="data"/> (what the undo needs: an id, a JSON document). The task journals it before the returned task
    /// completes, so await it before the step it guards is reported done. When the task ends without success (dead-lettered,
    /// failed, cancelled) the tool's <see cref="ICompensatingTool.CompensateAsync"/> runs each one once, newest first;
    /// <paramref name="scope"/> says whether a later successful retry drops it (<see cref="CompensationScope.Task"/>) or not.
    /// Answers its number in the task.
    /// </summary>
    public Task<int> RegisterCompensationAsync(string name, string? data = null, CompensationScope scope = CompensationScope.Task)
    {
        CompensationRules.Validate(name, data);
        lock (_gate) ObjectDisposedException.ThrowIf(_disposed, this);
        return _registerCompensation is { } register
            ? register(name, data, scope)
            : throw new InvalidOperationException($"tool '{Tool}' runs without a task to journal compensations (e.g. in a test context)");
    }

    /// <summary>
    /// For batch tools: classifies an item's error. Item-level validation errors are resumed (the item is recorded
    /// as skipped and the batch goes on: returns true); anything else must fail the attempt (returns false).
    /// </summary>
    public bool TryResume(string item, Exception error)
    {
        var classification = Classifier.Classify(error);
        if (classification.Category != Taxonomy.ErrorCategory.Validation) return false;
        lock (_gate) _skipped.Add(new SkippedItem(item, error.GetType().Name, error.Message, classification.Rule));
        return true;
    }

    /// <summary>A private directory for this attempt, created on first use, deleted after the attempt.</summary>
    public string TempDirectory
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_tempDirectory is null)
                {
                    _tempDirectory = Path.Combine(Path.GetTempPath(), "ftr", $"{TaskId}-{Attempt}-{Guid.NewGuid():N}"[..48]);
                    Directory.CreateDirectory(_tempDirectory);
                }
                return _tempDirectory;
            }
        }
    }

    /// <summary>Registers work that must run when the attempt ends, however it ends.</summary>
    public void RegisterCleanup(Func<ValueTask> cleanup)
    {
        lock (_gate)
        {
            // Too late (the attempt already ended, e.g. timed out): refuse loudly rather than never run it.
            ObjectDisposedException.ThrowIf(_disposed, this);
            _cleanups.Push(cleanup);
        }
    }

    /// <summary>Starts a child process whose whole tree is killed when the attempt ends or is cancelled.</summary>
    public Process StartProcess(ProcessStartInfo startInfo)
    {
        if (OperatingSystem.IsLinux() && File.Exists(SetSid) && startInfo.FileName != SetSid)
        {
            // setsid makes the tool a process-group leader (same pid), so the whole group can be signalled at the end.
            startInfo.ArgumentList.Insert(0, startInfo.FileName);
            startInfo.FileName = SetSid;
        }
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            process.Start();
            _processes.Add(process);
        }
        return process;
    }

    /// <summary>Kills every process tree this attempt started: terminate, then kill after the grace period.</summary>
    public Task KillProcessesAsync()
    {
        Process[] processes;
        lock (_gate) processes = _processes.ToArray();
        return Task.WhenAll(processes.Select(p => ProcessTree.TerminateAsync(p, _killGrace, ownGroup: p.StartInfo.FileName == SetSid)));
    }

    /// <summary>SIGKILLs every process tree this attempt started, without grace (chaos crashes); returns how many it started.</summary>
    internal int KillProcessesNow()
    {
        Process[] processes;
        lock (_gate) processes = _processes.ToArray();
        foreach (var process in processes) ProcessTree.KillNow(process, ownGroup: process.StartInfo.FileName == SetSid);
        return processes.Length;
    }

    private bool TryPopCleanup(out Func<ValueTask> cleanup)
    {
        lock (_gate) return _cleanups.TryPop(out cleanup!);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        var failures = new List<Exception>();
        try
        {
            await KillProcessesAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failures.Add(e);
        }

        while (TryPopCleanup(out var cleanup))
        {
            try
            {
                await cleanup().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        foreach (var process in _processes) process.Dispose();

        if (_tempDirectory is not null && Directory.Exists(_tempDirectory))
        {
            try
            {
                Directory.Delete(_tempDirectory, recursive: true);
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }

        if (failures.Count > 0) throw new AggregateException("attempt cleanup failed", failures);
    }
}
