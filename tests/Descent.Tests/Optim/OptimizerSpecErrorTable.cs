using Descent.Optim;

namespace Descent.Tests.Optim;

/// <summary>
/// Issue 9's table of bad optimizer specs: each fails with an <see cref="ArgumentException"/> whose message is exact (PyTorch's
/// wording for out-of-range values) and, where a hyperparameter is at fault, whose <see cref="ArgumentException.ParamName"/> is its key.
/// </summary>
public class OptimizerSpecErrorTable
{
    private const string AdamKeys = "lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, bias_correction, decoupled_weight_decay, betas";
    private const string Finite = "must be a finite number such as 0.01 or 1e-3";
    private const string KeyValue = "(separate pairs with commas, list items with ';')";
    private const string Malformed = "(use a finite number such as 0.01 or 1e-3)";

    private static string Names => string.Join(", ", OptimizerRegistry.Names);

    /// <summary>Spec, exact message (without .NET's " (Parameter 'x')" suffix), and the parameter name (null: the spec as a whole).</summary>
    public static TheoryData<string, string, string?> Rows => new()
    {
        // Names.
        { "adma", $"unknown optimizer \"adma\"; did you mean \"adam\"? Valid: {Names}", "name" },
        { "nesterv", $"unknown optimizer \"nesterv\"; did you mean \"nesterov\"? Valid: {Names}", "name" },
        { "sgdd:lr=0.1", $"unknown optimizer \"sgdd\"; did you mean \"sgd\"? Valid: {Names}", "name" },
        { "transformer", $"unknown optimizer \"transformer\"; valid: {Names}", "name" },
        { "", "optimizer spec \"\" has no name; write NAME or NAME:key=value,... such as adam:lr=0.01,amsgrad=true", "spec" },
        { ":lr=1", "optimizer spec \":lr=1\" has no name; write NAME or NAME:key=value,... such as adam:lr=0.01,amsgrad=true", "spec" },

        // Syntax.
        { "adam:lr", $"optimizer spec \"adam:lr\": expected key=value, got \"lr\" {KeyValue}", "spec" },
        { "sgd:lr=0.1,", $"optimizer spec \"sgd:lr=0.1,\": expected key=value, got \"\" {KeyValue}", "spec" },
        { "sgd:=0.1", $"optimizer spec \"sgd:=0.1\": expected key=value, got \"=0.1\" {KeyValue}", "spec" },
        { "adam:lr=0.1,lr=0.2", "optimizer spec \"adam:lr=0.1,lr=0.2\": key \"lr\" is given more than once", "spec" },
        { "adam:lr=", "optimizer spec \"adam:lr=\": key \"lr\" has no value", "spec" },
        { "adam:lr=0.0.1", $"optimizer spec \"adam:lr=0.0.1\": malformed number \"0.0.1\" for key \"lr\" {Malformed}", "lr" },
        { "adam:lr=1e-3x", $"optimizer spec \"adam:lr=1e-3x\": malformed number \"1e-3x\" for key \"lr\" {Malformed}", "lr" },
        { "adam:betas=0.9;x", $"optimizer spec \"adam:betas=0.9;x\": malformed number \"x\" for key \"betas\" {Malformed}", "betas" },

        // Non-finite numbers, however they are spelt.
        { "adam:lr=1e999", $"optimizer spec \"adam:lr=1e999\": lr {Finite}, got \"1e999\"", "lr" },
        { "adam:lr=-1e999", $"optimizer spec \"adam:lr=-1e999\": lr {Finite}, got \"-1e999\"", "lr" },
        { "adam:lr=nan", $"optimizer spec \"adam:lr=nan\": lr {Finite}, got \"nan\"", "lr" },
        { "adam:lr=NaN", $"optimizer spec \"adam:lr=NaN\": lr {Finite}, got \"NaN\"", "lr" },
        { "adam:lr=inf", $"optimizer spec \"adam:lr=inf\": lr {Finite}, got \"inf\"", "lr" },
        { "adam:lr=-inf", $"optimizer spec \"adam:lr=-inf\": lr {Finite}, got \"-inf\"", "lr" },
        { "adam:lr=Infinity", $"optimizer spec \"adam:lr=Infinity\": lr {Finite}, got \"Infinity\"", "lr" },
        { "adam:eps=nan", $"optimizer spec \"adam:eps=nan\": eps {Finite}, got \"nan\"", "eps" },
        { "adam:betas=0.9;nan", $"optimizer spec \"adam:betas=0.9;nan\": betas {Finite}, got \"nan\"", "betas" },
        { "sgd:dampening=inf", $"optimizer spec \"sgd:dampening=inf\": dampening {Finite}, got \"inf\"", "dampening" },

        // Keys, with suggestions.
        { "adam:betas1=0.9", $"unknown hyperparameter \"betas1\" for adam; did you mean \"beta1\"? Valid: {AdamKeys}", "key" },
        { "adam:learning_rate=0.1", $"unknown hyperparameter \"learning_rate\" for adam; valid: {AdamKeys}", "key" },
        { "adam:epsilon=1e-8", $"unknown hyperparameter \"epsilon\" for adam; valid: {AdamKeys}", "key" },
        { "adam:weight_decy=0.1", $"unknown hyperparameter \"weight_decy\" for adam; did you mean \"weight_decay\"? Valid: {AdamKeys}", "key" },
        { "sgd:momentun=0.9", "unknown hyperparameter \"momentun\" for sgd; did you mean \"momentum\"? Valid: lr, momentum, dampening, weight_decay, nesterov, maximize", "key" },

        // Lists and kinds.
        { "adam:betas=0.9", "adam: \"betas\" expects 2 values separated by ';' (beta1;beta2), got \"0.9\"", "spec" },
        { "adam:betas=0.9;0.99;0.999", "adam: \"betas\" expects 2 values separated by ';' (beta1;beta2), got 3", "spec" },
        { "adam:beta1=0.9;0.8", "adam: key \"beta1\" takes one value, got a list (0.9;0.8)", "spec" },
        { "adam:beta1=0.9,betas=0.9;0.99", "adam: \"beta1\" is set twice (also through \"betas\")", "key" },
        { "adam:amsgrad=yes", "adam: amsgrad expects true or false, got \"yes\"", "amsgrad" },
        { "adam:amsgrad=1", "adam: amsgrad expects true or false, got \"1\"", "amsgrad" },
        { "adam:lr=true", "adam: lr expects a number, got \"true\"", "lr" },
        { "sgd:momentum=abc", "sgd: momentum expects a number, got \"abc\"", "momentum" },
        { "sgd:nesterov=maybe", "sgd: nesterov expects true or false, got \"maybe\"", "nesterov" },
        { "lbfgs:history_size=2.5", "lbfgs: history_size expects a whole number, got \"2.5\"", "history_size" },
        { "rmsprop:init=frist_grad", "rmsprop: invalid value \"frist_grad\" for init; did you mean \"first_grad\"? Valid: zero, first_grad", "init" },
        { "lbfgs:line_search_fn=wolfe", "lbfgs: invalid value \"wolfe\" for line_search_fn; valid: none, strong_wolfe", "line_search_fn" },

        // Out-of-range values, in PyTorch's words.
        { "adam:lr=-0.1", "Invalid learning rate: -0.1", "lr" },
        { "gd:lr=-1", "Invalid learning rate: -1.0", "lr" },
        { "adamw:lr=0.1,weight_decay=-1", "Invalid weight_decay value: -1.0", "weight_decay" },
        { "adam:eps=-1e-8", "Invalid epsilon value: -1e-08", "eps" },
        { "adam:beta2=-0.5", "Invalid beta parameter at index 1: -0.5", "beta2" },
        { "Adam:LR=0.1,beta1=2", "Invalid beta parameter at index 0: 2.0", "beta1" },
        { "sgd:momentum=-0.5", "Invalid momentum value: -0.5", "momentum" },
        { "adadelta:rho=1.5", "Invalid rho value: 1.5", "rho" },
        { "lion:beta2=2", "Invalid beta parameter at index 1: 2.0", "beta2" },
        { "lbfgs:history_size=0", "Invalid history_size value: 0 (must be at least 1)", "history_size" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Create_BadSpec_ThrowsExactMessageNamingTheParameter(string spec, string message, string? parameter)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => OptimizerRegistry.Create(spec, [Tensor.Zeros(2).RequireGrad()]));
        string suffix = e.ParamName != null ? $" (Parameter '{e.ParamName}')" : "";
        Assert.Equal(message + suffix, e.Message);
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void Table_HasDozensOfRows() => Assert.True(Rows.Count() >= 40);
}
