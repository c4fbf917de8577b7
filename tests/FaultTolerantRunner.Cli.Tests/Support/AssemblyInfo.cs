// Each test runs real processes against a real node; on a small shared machine they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
