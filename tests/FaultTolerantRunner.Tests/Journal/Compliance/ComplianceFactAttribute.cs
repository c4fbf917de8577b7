using Xunit.Sdk;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>
/// A compliance case. The cases live in the abstract <see cref="JournalComplianceSpec"/>, so the skip decision belongs to
/// the concrete class's store: on <see cref="PostgresJournalStore"/> a case is skipped or mandatory exactly as a
/// <see cref="PostgresFactAttribute"/> test is.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("FaultTolerantRunner.Tests.Journal.Compliance.ComplianceFactDiscoverer", "FaultTolerantRunner.Tests")]
public sealed class ComplianceFactAttribute : FactAttribute;
