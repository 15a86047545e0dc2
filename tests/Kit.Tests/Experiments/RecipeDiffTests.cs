using Kit.Experiments;

namespace Kit.Tests.Experiments;

public class RecipeDiffTests
{
    [Fact]
    public void ListsExactlyTheSettingsARowChanges()
    {
        var t7 = Ablations.Get("mme-t7");
        Assert.Equal(["target.parameters.length: 6 → 8"], RecipeDiff.Changes(t7.Base, t7.Row("L=8").Recipe));
        Assert.Empty(RecipeDiff.Changes(t7.Base, t7.Row("L=6").Recipe));
        var t11 = Ablations.Get("mme-t11");
        Assert.Equal(["mask.name: tube → cube", "mask.parameters.ratio: 0.7 → 0.4"], RecipeDiff.Changes(t11.Base, t11.Row("40% cube").Recipe));
        var removed = RecipeDiff.Changes(Recipes.MmeAblation, Recipes.MmeAblation with { Target = ComponentRef.Of("hog") });
        Assert.Contains("target.name: trajectory → hog", removed);
        Assert.Contains("target.parameters.length: 6 → (unset)", removed);
    }

    [Fact]
    public void ValuesAreWrittenAsTheyReadWithoutJsonEscapes()
    {
        var t5 = Ablations.Get("mme-t5");
        Assert.Contains(RecipeDiff.Changes(t5.Base, t5.Row("HOG+Flow").Recipe), c => c.StartsWith("target.name: ") && c.EndsWith(" → hog+flow"));
        Assert.DoesNotContain("\\u", t5.RecipeTable().ToString());
    }

    [Fact]
    public void TheRecipeTableHasOneLinePerRow()
    {
        var table = RecipeDiff.Table(Ablations.Get("mme-t7"));
        Assert.Equal(5, table.Rows.Count);
        Assert.Equal("(base recipe)", table.Rows[3][1]);
    }
}
