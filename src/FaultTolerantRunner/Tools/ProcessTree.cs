using System.Diagnostics;
using System.Runtime.InteropServices;

namespace FaultTolerantRunner.Tools;

/// <summary>Stops a process and all its descendants: SIGTERM to the tree, SIGKILL to what is left after a grace period.</summary>
public static partial class ProcessTree
{
    private const int SigTerm = 15;

    public static async Task TerminateAsync(Process process, TimeSpan grace, bool ownGroup = false)
    {
        if (ownGroup && OperatingSystem.IsLinux())
        {
            // The tool runs in its own process group: signal the group, which reaches descendants even after
            // the root exited and they were re-parented.
            _ = Kill(-process.Id, SigTerm);
            if (!HasExited(process))
            {
                using var graceWait = new CancellationTokenSource(grace);
                try
                {
                    await process.WaitForExitAsync(graceWait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Grace period over.
                }
            }
            _ = Kill(-process.Id, 9);
        }
        if (HasExited(process)) return;

        if (OperatingSystem.IsLinux())
        {
            var tree = Descendants(process.Id).Prepend(process.Id).ToArray();
            foreach (var pid in tree) _ = Kill(pid, SigTerm);
            using var graceTimeout = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(graceTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Grace period over: fall through to the hard kill.
            }

            // Descendants may outlive their parent (re-parented to init): kill every one we saw.
            foreach (var pid in tree.Skip(1)) _ = Kill(pid, 9);
        }

        if (!HasExited(process))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }
            using var reap = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Unkillable for now (e.g. uninterruptible I/O); the attempt must not wait on it forever.
            }
        }
    }

    /// <summary>SIGKILLs a process and its descendants at once, with no grace period: what a crash or the OOM killer does.</summary>
    public static void KillNow(Process process, bool ownGroup = false)
    {
        if (HasExited(process) && !ownGroup) return;
        if (OperatingSystem.IsLinux())
        {
            if (ownGroup) _ = Kill(-process.Id, 9);
            foreach (var pid in Descendants(process.Id).Prepend(process.Id)) _ = Kill(pid, 9);
            return;
        }
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited already.
        }
    }

    /// <summary>All descendants of <paramref name="rootPid"/>, read from /proc (Linux).</summary>
    public static IReadOnlyList<int> Descendants(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            var parent = ParentOf(dir);
            if (parent is null) continue;
            if (!children.TryGetValue(parent.Value, out var list)) children[parent.Value] = list = new List<int>();
            list.Add(pid);
        }

        var result = new List<int>();
        var queue = new Queue<int>();
        queue.Enqueue(rootPid);
        while (queue.TryDequeue(out var pid))
        {
            if (!children.TryGetValue(pid, out var list)) continue;
            foreach (var child in list)
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }
        return result;
    }

    /// <summary>True while a process with this id exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static int? ParentOf(string procDir)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(procDir, "stat"));
            // Format: pid (comm) state ppid ...; comm may contain spaces and parentheses.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[1], out var ppid) ? ppid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
