using System.Security.Cryptography;
using System.Text;

namespace FaultTolerantRunner.Tasks;

/// <summary>
/// Task ids and persistence ids. A task submitted with an idempotency key gets an id derived from the key,
/// so a second submission reaches the same entity on any node and finds the task already accepted;
/// no separate key index has to stay consistent with the journal.
/// </summary>
public static class TaskIds
{
    public const string ShardTypeName = "task";

    public static string PersistenceId(string taskId) => $"task-{taskId}";

    public static string New() => Guid.NewGuid().ToString("N");

    public static string FromIdempotencyKey(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("ftr-idempotency:" + key));
        return Convert.ToHexStringLower(hash, 0, 16);
    }

    /// <summary>True for the 32 lower-case hex characters every task id has.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: 32 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
