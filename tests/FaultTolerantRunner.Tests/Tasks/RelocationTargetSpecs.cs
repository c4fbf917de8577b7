using FaultTolerantRunner.Tasks;

namespace FaultTolerantRunner.Tests.Tasks;

/// <summary>Which member recovery level 4 moves an attempt to: a pure choice every node makes the same way.</summary>
public sealed class RelocationTargetSpecs
{
    private static RelocationTarget.Member M(string node, int age, params string[] roles) => new(node, age, roles.ToHashSet());

    [Fact]
    public void The_oldest_member_other_than_the_failed_one_is_chosen_whatever_the_listing_order()
    {
        RelocationTarget.Member[] members = [M("c", 2), M("a", 0), M("b", 1)];

        Assert.Equal("b", RelocationTarget.Choose(members, failedOn: "a", role: null));
        Assert.Equal("a", RelocationTarget.Choose(members, failedOn: "b", role: null));
        Assert.Equal("a", RelocationTarget.Choose(members.Reverse(), failedOn: "c", role: null));
    }

    [Fact]
    public void Only_members_with_the_task_role_run_relocated_attempts()
    {
        RelocationTarget.Member[] members = [M("a", 0, "worker"), M("gateway", 1, "api"), M("b", 2, "worker", "api")];

        Assert.Equal("b", RelocationTarget.Choose(members, failedOn: "a", role: "worker"));
        Assert.Equal("gateway", RelocationTarget.Choose(members, failedOn: "a", role: null));
    }

    [Fact]
    public void No_target_when_the_failed_member_is_the_only_one_that_runs_tasks()
    {
        Assert.Null(RelocationTarget.Choose([M("a", 0, "worker"), M("gateway", 1, "api")], failedOn: "a", role: "worker"));
        Assert.Null(RelocationTarget.Choose([M("a", 0)], failedOn: "a", role: null));
        Assert.Null(RelocationTarget.Choose([], failedOn: "a", role: null));
    }

    [Fact]
    public void A_failed_node_that_has_left_leaves_every_member_a_candidate()
    {
        Assert.Equal("a", RelocationTarget.Choose([M("b", 1), M("a", 0)], failedOn: "gone", role: null));
    }
}
