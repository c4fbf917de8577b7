using Xunit.Abstractions;
using Xunit.Sdk;

namespace FaultTolerantRunner.Tests.Journal.Compliance;

/// <summary>A compliance case that takes its skip reason from the concrete class's store fixture.</summary>
public sealed class ComplianceTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ComplianceTestCase()
    {
    }

    public ComplianceTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
        : base(sink, display, options, method)
    {
    }

    protected override string? GetSkipReason(IAttributeInfo factAttribute) =>
        base.GetSkipReason(factAttribute) ?? StoreSkipReason(TestMethod.TestClass.Class.ToRuntimeType());

    private static string? StoreSkipReason(Type testClass)
    {
        var store = testClass.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IClassFixture<>))
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault(t => t.IsAssignableTo(typeof(JournalStore)));
        return store == typeof(PostgresJournalStore) ? new PostgresFactAttribute().Skip : null;
    }
}
