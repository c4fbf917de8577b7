namespace FaultTolerantRunner.Tasks;

/// <summary>
/// The bookkeeping of a node's attempt slots, without actors or locks (the <see cref="AttemptSlots"/> keeper guards it):
/// who holds a slot (granted, and then running an attempt), the queue of tasks waiting for one (priority, then taken-in
/// time), the tasks waiting for a resource after a resource failure, and each tool's limit as AIMD leaves it.
/// A freed slot goes to the queue at once, so a newcomer never overtakes a waiting task.
/// </summary>
public sealed class SlotBook(int nodeLimit, IReadOnlyDictionary<string, int>? toolLimits = null)
{
    private readonly IReadOnlyDictionary<string, int> _configured = toolLimits ?? new Dictionary<string, int>();
    private readonly Dictionary<string, Holder> _holders = new(StringComparer.Ordinal);
    private readonly SortedSet<SlotRequest> _queue = new(SlotRequest.Order);
    private readonly Dictionary<string, SlotRequest> _queued = new(StringComparer.Ordinal);
    private readonly SortedSet<SlotRequest> _resourceWaiters = new(SlotRequest.Order);
    private readonly Dictionary<string, int> _shrunk = new(StringComparer.Ordinal);

    public int NodeLimit => nodeLimit;

    public int Held => _holders.Count;

    public int Queued => _queue.Count;

    /// <summary>The tool's limit now: the configured one (else the node's), shrunk while its resource failures repeat.</summary>
    public int LimitOf(string tool) => _shrunk.TryGetValue(tool, out var shrunk) ? shrunk : ConfiguredLimit(tool);

    public int ConfiguredLimit(string tool) => Math.Min(nodeLimit, _configured.GetValueOrDefault(tool, nodeLimit));

    public int RunningOf(string tool) => _holders.Values.Count(h => h.Tool == tool);

    /// <summary>Tasks of the tool waiting for a slot or for a resource.</summary>
    public int WaitingOf(string tool) => _queue.Count(r => r.Tool == tool) + _resourceWaiters.Count(r => r.Tool == tool);

    /// <summary>The attempt the task runs in its slot (null: granted, not started yet; or no slot).</summary>
    public int? RunningAttempt(string taskId) => _holders.TryGetValue(taskId, out var h) ? h.Attempt : null;

    /// <summary>A slot, if the node and the tool have room; else the task joins (or stays in) the queue.</summary>
    public SlotAnswer TryAcquire(SlotRequest request)
    {
        if (_holders.ContainsKey(request.TaskId)) return SlotAnswer.Free;
        _resourceWaiters.RemoveWhere(r => r.TaskId == request.TaskId);
        if (HasRoom(request.Tool))
        {
            Dequeue(request.TaskId);
            _holders[request.TaskId] = new Holder(request.Tool, null);
            return SlotAnswer.Free;
        }
        if (!_queued.ContainsKey(request.TaskId))
        {
            _queue.Add(request);
            _queued[request.TaskId] = request;
        }
        return new SlotAnswer(false, Held >= nodeLimit
            ? $"all {nodeLimit} attempt slots of this node are taken (Tasks:MaxConcurrentAttempts); {_queue.Count} task(s) queued"
            : $"tool '{request.Tool}' runs {RunningOf(request.Tool)} of at most {LimitOf(request.Tool)} attempts here"
              + (_shrunk.ContainsKey(request.Tool) ? " (limit lowered after resource failures)" : " (Tools:Concurrency)"));
    }

    /// <summary>The task's attempt runs in its slot (taken now if it had none: an attempt journaled before the slot was asked for).</summary>
    public void Running(string taskId, string tool, int attempt)
    {
        Dequeue(taskId);
        _resourceWaiters.RemoveWhere(r => r.TaskId == taskId);
        _holders[taskId] = new Holder(tool, attempt);
    }

    /// <summary>An attempt in the tool's slot ended: a success grows the tool's limit by one, a resource failure halves it.</summary>
    public void Settle(string tool, bool succeeded, bool resourceFailure)
    {
        var limit = LimitOf(tool);
        var next = resourceFailure ? AimdLimit.AfterResourceFailure(limit) : succeeded ? AimdLimit.AfterSuccess(limit, ConfiguredLimit(tool)) : limit;
        if (next >= ConfiguredLimit(tool)) _shrunk.Remove(tool);
        else _shrunk[tool] = next;
    }

    /// <summary>After a resource failure the task waits for another attempt of its tool to release a slot.</summary>
    public void AwaitResource(SlotRequest request)
    {
        _resourceWaiters.RemoveWhere(r => r.TaskId == request.TaskId);
        _resourceWaiters.Add(request);
    }

    /// <summary>
    /// The task gives up its slot, its place in the queue or its wait for a resource. Returns the tasks to wake: those the
    /// freed room was granted to, and, when a running attempt freed it, the first task waiting for a resource of that tool.
    /// </summary>
    public IReadOnlyList<string> Release(string taskId)
    {
        var wake = new List<string>();
        Dequeue(taskId);
        _resourceWaiters.RemoveWhere(r => r.TaskId == taskId);
        if (_holders.Remove(taskId, out var held))
        {
            wake.AddRange(Drain());
            if (held.Attempt is not null && _resourceWaiters.FirstOrDefault(r => r.Tool == held.Tool) is { } waiter)
            {
                _resourceWaiters.Remove(waiter);
                wake.Add(waiter.TaskId);
            }
        }
        return wake;
    }

    /// <summary>Grants the room there is to the queue, in order, skipping tasks whose tool is at its limit.</summary>
    public IReadOnlyList<string> Drain()
    {
        var granted = new List<SlotRequest>();
        var running = _holders.Values.GroupBy(h => h.Tool).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var request in _queue)
        {
            if (Held + granted.Count >= nodeLimit) break;
            var held = running.GetValueOrDefault(request.Tool);
            if (held >= LimitOf(request.Tool)) continue;
            running[request.Tool] = held + 1;
            granted.Add(request);
        }
        foreach (var request in granted)
        {
            Dequeue(request.TaskId);
            _holders[request.TaskId] = new Holder(request.Tool, null);
        }
        return granted.Select(r => r.TaskId).ToArray();
    }

    private bool HasRoom(string tool) => Held < nodeLimit && RunningOf(tool) < LimitOf(tool);

    private void Dequeue(string taskId)
    {
        if (_queued.Remove(taskId, out var request)) _queue.Remove(request);
    }

    private sealed record Holder(string Tool, int? Attempt);
}
