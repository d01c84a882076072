using Descent.NN;

namespace Descent.Tests.NN;

/// <summary>
/// Issue 9's table of bad model specs: the exact message (with a suggestion for a misspelt name, option or activation), the
/// parameter <c>spec</c>, and — for every mistake that does not depend on the data — the same message from <see cref="ModelSpec.Check"/>
/// before any data is loaded.
/// </summary>
public class ModelSpecErrorTable
{
    private const string Models = "linear, softmax, mlp:IN-H1-...-OUT[,activation=relu|tanh|sigmoid|gelu|leaky_relu][,dropout=P], cnn:lenet";
    private const string Activations = "relu, tanh, sigmoid, gelu, leaky_relu";
    private const string Options = "activation=relu|tanh|sigmoid|gelu|leaky_relu, dropout=P";
    private const string Sizes = "is not a positive integer; write sizes like mlp:784-256-128-10";

    /// <summary>Stands for "Check reports the same message as Build".</summary>
    private const string Same = "=";

    /// <summary>
    /// Spec, exact message from Build (without " (Parameter 'spec')"), and Check's message: <see cref="Same"/>, another text (Check
    /// has no data for its example), or null when only the data reveals the mistake.
    /// </summary>
    public static TheoryData<string, string, string?> Rows => new()
    {
        { "mpl:2-8-2", $"unknown model \"mpl\"; did you mean \"mlp\"? Valid: {Models}", Same },
        { "resnet", $"unknown model \"resnet\"; valid: {Models}", Same },
        { "lineer", $"unknown model \"lineer\"; did you mean \"linear\"? Valid: {Models}", Same },
        { "softmx", $"unknown model \"softmx\"; did you mean \"softmax\"? Valid: {Models}", Same },
        { "", $"model spec \"\" has no name; valid: {Models}", Same },
        { ":2-8-2", $"model spec \":2-8-2\" has no name; valid: {Models}", Same },
        { "mlp", "model \"mlp\": an mlp needs its layer sizes, such as mlp:784-256-10", Same },
        { "mlp:", "model \"mlp:\": an mlp needs its layer sizes, such as mlp:784-256-10", Same },
        { "mlp:2", "model \"mlp:2\": an mlp needs at least an input and an output size, such as mlp:2-64-2",
            "model \"mlp:2\": an mlp needs at least an input and an output size, such as mlp:784-64-10" },
        { "mlp:2-x-2", $"model \"mlp:2-x-2\": layer size \"x\" {Sizes}", Same },
        { "mlp:2-0-2", $"model \"mlp:2-0-2\": layer size \"0\" {Sizes}", Same },
        { "mlp:2--2", $"model \"mlp:2--2\": layer size \"\" {Sizes}", Same },
        { "mlp:2-8-2-", $"model \"mlp:2-8-2-\": layer size \"\" {Sizes}", Same },
        { "mlp:2-+8-2", $"model \"mlp:2-+8-2\": layer size \"+8\" {Sizes}", Same },
        { "mlp:2-8.5-2", $"model \"mlp:2-8.5-2\": layer size \"8.5\" {Sizes}", Same },
        { "mlp:2-99999999999-2", $"model \"mlp:2-99999999999-2\": layer size \"99999999999\" {Sizes}", Same },
        { "mlp:2-8-2,activation=tahn", $"model \"mlp:2-8-2,activation=tahn\": unknown activation \"tahn\"; did you mean \"tanh\"? Valid: {Activations}", Same },
        { "mlp:2-8-2,activation=swish", $"model \"mlp:2-8-2,activation=swish\": unknown activation \"swish\"; valid: {Activations}", Same },
        { "mlp:2-2,activation=bogus", $"model \"mlp:2-2,activation=bogus\": unknown activation \"bogus\"; valid: {Activations}", Same },
        { "mlp:2-8-2,activaton=tanh", $"unknown option \"activaton=tanh\" in model \"mlp:2-8-2,activaton=tanh\"; did you mean \"activation\"? Valid: {Options}", Same },
        { "mlp:2-8-2,dropot=0.5", $"unknown option \"dropot=0.5\" in model \"mlp:2-8-2,dropot=0.5\"; did you mean \"dropout\"? Valid: {Options}", Same },
        { "mlp:2-8-2,dropout=1", "model \"mlp:2-8-2,dropout=1\": dropout must be a probability in [0, 1) such as 0.2, got \"1\"", Same },
        { "mlp:2-8-2,dropout=nan", "model \"mlp:2-8-2,dropout=nan\": dropout must be a probability in [0, 1) such as 0.2, got \"nan\"", Same },
        { "mlp:2-8-2,dropout=0.1,dropout=0.2", "model \"mlp:2-8-2,dropout=0.1,dropout=0.2\": dropout is given more than once", Same },
        { "mlp:2-8-2,activation", $"unknown option \"activation\" in model \"mlp:2-8-2,activation\"; valid: {Options}", Same },
        { "mlp:2-8-2,activation=tanh,activation=relu", "model \"mlp:2-8-2,activation=tanh,activation=relu\": activation is given more than once", Same },
        { "linear:3", "model \"linear\" takes no options, got \"3\"", Same },
        { "softmax:10", "model \"softmax\" takes no options, got \"10\"", Same },
        { "cnn", "unknown cnn \"\" in model \"cnn\"; valid: cnn:lenet", Same },
        { "cnn:lenett", "unknown cnn \"lenett\" in model \"cnn:lenett\"; did you mean \"cnn:lenet\"? Valid: cnn:lenet", Same },
        { "mlp:3-8-2", "model \"mlp:3-8-2\": the first size is 3 but the data has 2 features per sample; use mlp:2-...", null },
        { "mlp:2-8-3", "model \"mlp:2-8-3\": the last size is 3 but the data needs 2 outputs; use mlp:...-2", null },
        { "cnn:lenet", "cnn:lenet needs 1×28×28 images (such as fashion-mnist), but the data's samples have shape [2]", null },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Build_BadSpec_ThrowsExactMessage(string spec, string message, string? checkMessage)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelSpec.Build(spec, new Shape(2), 2, new Rng(0)));
        Assert.Equal(message + " (Parameter 'spec')", e.Message);
        Assert.Equal("spec", e.ParamName);
        if (checkMessage == null)
        {
            ModelSpec.Check(spec);
        }
        else
        {
            var c = Assert.Throws<ArgumentException>(() => ModelSpec.Check(spec));
            Assert.Equal((checkMessage == Same ? message : checkMessage) + " (Parameter 'spec')", c.Message);
        }
    }

    [Theory]
    [InlineData("MLP:2-8-2")]
    [InlineData(" mlp:2-8-2,activation=tanh")]
    [InlineData("Linear")]
    public void Build_NameInAnyCase_IsAccepted(string spec) =>
        Assert.Equal(2, ModelSpec.Build(spec, new Shape(2), 2, new Rng(0)).Forward(Tensor.Zeros(new Shape(1, 2))).Shape[1]);
}
