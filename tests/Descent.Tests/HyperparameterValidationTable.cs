using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Schedules;
using Descent.Training;

namespace Descent.Tests;

/// <summary>
/// Issue 9's table for the library: constructors and options of optimizers, schedules, layers, the data loader, the trainer and the
/// learning-rate finder reject non-finite and out-of-range hyperparameters with an <see cref="ArgumentException"/>-family exception
/// that names the parameter, before any state is built. Optimizers keep PyTorch's wording ("Invalid learning rate: nan").
/// </summary>
public class HyperparameterValidationTable
{
    private const double NaN = double.NaN;
    private const double Inf = double.PositiveInfinity;

    /// <summary>Row name → the call, the parameter name it must report, and the start of its message.</summary>
    private static readonly Dictionary<string, (Action Call, string Parameter, string Message)> Cases = new()
    {
        // Optimizers: PyTorch's messages, numbers as Python prints them; non-finite values rejected even where torch accepts them.
        ["Sgd lr NaN"] = (() => new Sgd(Ps(), lr: NaN), "lr", "Invalid learning rate: nan"),
        ["Sgd lr +inf"] = (() => new Sgd(Ps(), lr: Inf), "lr", "Invalid learning rate: inf"),
        ["Sgd momentum NaN"] = (() => new Sgd(Ps(), lr: 0.1, momentum: NaN), "momentum", "Invalid momentum value: nan"),
        ["Sgd weight_decay -inf"] = (() => new Sgd(Ps(), lr: 0.1, weightDecay: double.NegativeInfinity), "weight_decay", "Invalid weight_decay value: -inf"),
        ["Sgd dampening +inf"] = (() => new Sgd(Ps(), lr: 0.1, dampening: Inf), "dampening", "Invalid dampening value: inf"),
        ["Adam lr -1"] = (() => new Adam(Ps(), lr: -1), "lr", "Invalid learning rate: -1.0"),
        ["Adam beta1 NaN"] = (() => new Adam(Ps(), beta1: NaN), "beta1", "Invalid beta parameter at index 0: nan"),
        ["Adam beta2 +inf"] = (() => new Adam(Ps(), beta2: Inf), "beta2", "Invalid beta parameter at index 1: inf"),
        ["Adam eps NaN"] = (() => new Adam(Ps(), eps: NaN), "eps", "Invalid epsilon value: nan"),
        ["AdamW weight_decay NaN"] = (() => new AdamW(Ps(), weightDecay: NaN), "weight_decay", "Invalid weight_decay value: nan"),
        ["RAdam eps +inf"] = (() => new RAdam(Ps(), eps: Inf), "eps", "Invalid epsilon value: inf"),
        ["Adamax lr NaN"] = (() => new Adamax(Ps(), lr: NaN), "lr", "Invalid learning rate: nan"),
        ["Adagrad lr_decay NaN"] = (() => new Adagrad(Ps(), lrDecay: NaN), "lr_decay", "Invalid lr_decay value: nan"),
        ["Adagrad initial_accumulator_value +inf"] = (() => new Adagrad(Ps(), initialAccumulatorValue: Inf), "initial_accumulator_value", "Invalid initial_accumulator_value value: inf"),
        ["Adadelta rho NaN"] = (() => new Adadelta(Ps(), rho: NaN), "rho", "Invalid rho value: nan"),
        ["Lion beta1 NaN"] = (() => new Lion(Ps(), beta1: NaN), "beta1", "Invalid beta parameter at index 0: nan"),
        ["Momentum gamma NaN"] = (() => new Momentum(Ps(), gamma: NaN), "gamma", "Invalid gamma value: nan"),
        ["GradientDescent lr +inf"] = (() => new GradientDescent(Ps(), lr: Inf), "lr", "Invalid learning rate: inf"),
        ["Rprop eta_plus NaN"] = (() => new Rprop(Ps(), etaPlus: NaN), "eta_minus", "Invalid eta values: 0.5, nan"),

        // Schedules: PyTorch does not check these; a NaN would silently make every learning rate NaN.
        ["ExponentialSchedule gamma NaN"] = (() => new ExponentialSchedule(NaN), "gamma", "gamma must be a finite number, got NaN."),
        ["StepDecaySchedule gamma +inf"] = (() => new StepDecaySchedule(3, Inf), "gamma", "gamma must be a finite number, got Infinity."),
        ["MultiStepSchedule gamma NaN"] = (() => new MultiStepSchedule([3, 5], NaN), "gamma", "gamma must be a finite number, got NaN."),
        ["CosineAnnealingSchedule eta_min NaN"] = (() => new CosineAnnealingSchedule(10, NaN), "etaMin", "eta_min must be a finite number, got NaN."),
        ["CyclicSchedule max_lr +inf"] = (() => new CyclicSchedule(Inf), "maxLr", "max_lr must be a finite number, got Infinity."),
        ["CyclicSchedule base_lr NaN"] = (() => new CyclicSchedule(0.1, baseLr: NaN), "baseLr", "base_lr must be a finite number, got NaN."),
        ["OneCycleSchedule max_lr NaN"] = (() => new OneCycleSchedule(NaN, 10), "maxLr", "max_lr must be a finite number, got NaN."),
        ["OneCycleSchedule div_factor +inf"] = (() => new OneCycleSchedule(0.1, 10, divFactor: Inf), "divFactor", "div_factor must be a finite number, got Infinity."),
        ["PolynomialDecaySchedule end_lr NaN"] = (() => new PolynomialDecaySchedule(100, endLr: NaN), "endLr", "end_learning_rate must be a finite number, got NaN."),
        ["ReduceLrOnPlateau threshold NaN"] = (() => new ReduceLrOnPlateau(Optimizer(), new PlateauOptions { Threshold = NaN }), "Threshold", "threshold must be a finite number, got NaN."),
        ["ReduceLrOnPlateau min_lr +inf"] = (() => new ReduceLrOnPlateau(Optimizer(), new PlateauOptions { MinLr = Inf }), "MinLr", "min_lr must be a finite number, got Infinity."),

        // Layers.
        ["LeakyReLU negative_slope NaN"] = (() => _ = new LeakyReLU(NaN), "negativeSlope", "LeakyReLU: negative_slope must be a finite number, got NaN"),
        ["Dropout p NaN"] = (() => _ = new Dropout(NaN), "p", "dropout probability has to be between 0 and 1, but got NaN"),
        ["Dropout p 1.5"] = (() => _ = new Dropout(1.5), "p", "dropout probability has to be between 0 and 1, but got 1.5"),
        ["BatchNorm1d eps NaN"] = (() => _ = new BatchNorm1d(4, eps: NaN), "eps", "BatchNorm: eps must be a positive finite number and momentum in [0, 1], got eps NaN and momentum 0.1"),
        ["BatchNorm2d momentum +inf"] = (() => _ = new BatchNorm2d(4, momentum: Inf), "momentum", "BatchNorm: eps must be a positive finite number and momentum in [0, 1], got eps 1E-05 and momentum Infinity"),

        // Data loader.
        ["DataLoader batch size 0"] = (() => _ = new DataLoader(Data(), new DataLoaderOptions { BatchSize = 0 }), "options.BatchSize", "DataLoader: batch size must be at least 1 (or BatchSize.Full for the whole set), got 0"),
        ["DataLoader prefetch -1"] = (() => _ = new DataLoader(Data(), new DataLoaderOptions { Prefetch = -1 }), "options.Prefetch", "DataLoader: prefetch must be between 0 (off) and 4096 batches, got -1"),

        // Trainer options and stopping rules.
        ["Trainer clip norm NaN"] = (() => new TrainerOptions { ClipGradientNorm = NaN }.Validate(), "ClipGradientNorm", "TrainerOptions.ClipGradientNorm must be a positive finite number, got NaN"),
        ["Trainer clip value +inf"] = (() => new TrainerOptions { ClipGradientValue = Inf }.Validate(), "ClipGradientValue", "TrainerOptions.ClipGradientValue must be a positive finite number, got Infinity"),
        ["Trainer early stopping min delta NaN"] = (() => new TrainerOptions { EarlyStopping = new EarlyStopping { MinDelta = NaN } }.Validate(), "EarlyStopping", "EarlyStopping needs Patience ≥ 1 and a finite MinDelta ≥ 0, got 5 and NaN"),
        ["Stopping precision NaN"] = (() => new TrainerOptions { Stopping = new StoppingRules { StepPrecision = NaN } }.Validate(), "StepPrecision", "StoppingRules.StepPrecision must be a finite number ≥ 0, got NaN"),
        ["Stopping loss tolerance +inf"] = (() => new TrainerOptions { Stopping = new StoppingRules { LossTolerance = Inf } }.Validate(), "LossTolerance", "StoppingRules.LossTolerance must be a finite number ≥ 0, got Infinity"),

        // Learning-rate finder.
        ["LrFinder start lr NaN"] = (() => new LrFinderOptions { StartLr = NaN }.Validate(), "StartLr", "the learning-rate finder needs 0 < StartLr < EndLr (finite), got NaN and 10"),
        ["LrFinder end lr +inf"] = (() => new LrFinderOptions { EndLr = Inf }.Validate(), "EndLr", "the learning-rate finder needs 0 < StartLr < EndLr (finite), got 1E-07 and Infinity"),
        ["LrFinder smoothing NaN"] = (() => new LrFinderOptions { Smoothing = NaN }.Validate(), "Smoothing", "the smoothing factor must be in [0, 1), got NaN"),
        ["LrFinder divergence factor +inf"] = (() => new LrFinderOptions { DivergenceFactor = Inf }.Validate(), "DivergenceFactor", "the divergence factor must be a finite number greater than 1, got Infinity"),
    };

    public static TheoryData<string> Rows => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Constructor_InvalidHyperparameter_ThrowsNamingTheParameter(string row)
    {
        var (call, parameter, message) = Cases[row];
        var e = Assert.ThrowsAny<ArgumentException>(call);
        Assert.Equal(parameter, e.ParamName);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_HasDozensOfRows() => Assert.True(Cases.Count >= 40, $"{Cases.Count} rows");

    private static Tensor[] Ps() => [Tensor.FromArray([1.0, 2.0], 2).RequireGrad()];

    private static Sgd Optimizer() => new(Ps(), lr: 0.1);

    private static TensorDataset Data() => new(Tensor.Zeros(new Shape(4, 2)), Tensor.Zeros(new Shape(4, 1)));
}
