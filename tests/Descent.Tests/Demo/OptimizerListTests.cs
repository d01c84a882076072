using Descent.Demo;

namespace Descent.Tests.Demo;

public sealed class OptimizerListTests
{
    [Fact]
    public void Split_PlainSpecs_SplitsAtEverySemicolon()
    {
        Assert.Equal(["gd:lr=0.1", "momentum:lr=0.05,gamma=0.9", "adam"], OptimizerList.Split("gd:lr=0.1;momentum:lr=0.05,gamma=0.9;adam"));
    }

    [Fact]
    public void Split_ListValue_StaysInsideItsSpec()
    {
        Assert.Equal(["adam:betas=0.9;0.99,lr=0.1", "sgd:lr=0.1"], OptimizerList.Split("adam:betas=0.9;0.99,lr=0.1;sgd:lr=0.1"));
    }

    [Fact]
    public void Split_ListValueAtTheEnd_IsNotTakenForASpec()
    {
        Assert.Equal(["rprop:etas=0.5;1.2", "adam:betas=0.8;0.9"], OptimizerList.Split("rprop:etas=0.5;1.2;adam:betas=0.8;0.9"));
    }

    [Fact]
    public void Split_SpacesAroundSpecs_AreTrimmed()
    {
        Assert.Equal(["gd:lr=0.1", "adam"], OptimizerList.Split(" gd:lr=0.1 ; adam "));
    }

    [Fact]
    public void Split_MisspelledName_BecomesItsOwnSpec()
    {
        // The typo is then reported as an unknown optimizer (with a suggestion) instead of as a malformed list value.
        Assert.Equal(["adam:lr=0.1", "sgdd"], OptimizerList.Split("adam:lr=0.1;sgdd"));
    }

    [Theory]
    [InlineData("gd;;adam")]
    [InlineData(";gd")]
    [InlineData("gd;")]
    [InlineData("   ")]
    public void Split_EmptySpec_Throws(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => OptimizerList.Split(text));
        Assert.Contains("empty", e.Message.Replace("no optimizer given", "empty", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Split_DuplicateSpec_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => OptimizerList.Split("adam:lr=0.1;ADAM:lr=0.1"));
        Assert.Contains("twice", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sgd", true)]
    [InlineData("sgd:lr=1", true)]
    [InlineData(" adam_w : lr=1", true)]
    [InlineData("0.99", false)]
    [InlineData("0.99,lr=0.1", false)]
    [InlineData("lr=0.1", false)]
    [InlineData("", false)]
    public void StartsSpec_RecognisesNames(string piece, bool expected)
    {
        Assert.Equal(expected, OptimizerList.StartsSpec(piece));
    }
}
