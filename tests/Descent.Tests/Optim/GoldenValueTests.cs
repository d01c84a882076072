using Descent.Optim;

namespace Descent.Tests.Optim;

/// <summary>
/// The golden values of reference-numerics §1.7 (PyTorch, float64, p⁰ = [1, −2, 3], loss ½Σp² + 0.1Σp so g = p + 0.1, gradients
/// cleared every step), printed there with 12 significant digits.
/// </summary>
public class GoldenValueTests
{
    public static TheoryData<string, int, double[], double[], double[]> Golden => new()
    {
        { "sgd:lr=0.1", 1, [0.89, -1.81, 2.69], [0.791, -1.639, 2.411], [0.7019, -1.4851, 2.1599] },
        { "sgd:lr=0.1,momentum=0.9,dampening=0.1,weight_decay=0.01", 1, [0.889, -1.808, 2.687], [0.6992899, -1.4798528, 2.1520517], [0.45598535809, -1.05900170048, 1.46597673047] },
        { "sgd:lr=0.1,momentum=0.9,nesterov=true", 1, [0.791, -1.639, 2.411], [0.53261, -1.19269, 1.68281], [0.2600531, -0.7219099, 0.9146951] },
        { "adam:lr=0.1", 1, [0.900000000909, -1.900000000526, 2.900000000323], [0.800361162773, -1.80017735101, 2.800098885821], [0.701382446219, -1.700664949215, 2.70036714642] },
        { "adam:lr=0.1,amsgrad=true,weight_decay=0.1", 1, [0.900000000833, -1.900000000476, 2.900000000294], [0.800365305776, -1.800176306719, 2.800099221586], [0.701398913969, -1.700660950634, 2.700368409112] },
        { "adamw:lr=0.1,weight_decay=0.1", 1, [0.890000000909, -1.880000000526, 2.870000000323], [0.781512229518, -1.761423032694, 2.741434551465], [0.674862971878, -1.644422644385, 2.614385315917] },
        { "adamax:lr=0.1", 1, [0.900000000909, -1.900000000526, 2.900000000323], [0.804689380106, -1.802672756882, 2.801599392896], [0.714079221334, -1.708063887554, 2.704838900859] },
        { "nadam:lr=0.1", 1, [0.894354823125, -1.89435482272, 2.894354822505], [0.819582879801, -1.818002557398, 2.817201238719], [0.751742997462, -1.747771078014, 2.745772469245] },
        { "radam:lr=0.1", 6, [0.505157398693, -1.14704875462, 1.60988578866], [0.502099281949, -1.143990256264, 1.606827087482], [0.498514176522, -1.140403813275, 1.603239934533] },
        { "rmsprop:lr=0.01", 1, [0.900000009091, -1.900000005263, 2.900000003226], [0.832547826285, -1.831043600328, 2.830277609651], [0.779111443988, -1.775583858195, 2.773795716675] },
        { "rmsprop:lr=0.01,centered=true,momentum=0.9", 1, [0.899496227657, -1.89949622379, 2.899496221732], [0.74092961021, -1.739400639357, 2.738622433364], [0.547941963468, -1.541125073598, 2.537733866424] },
        { "adagrad:lr=0.1,lr_decay=0.1,initial_accumulator_value=0.5", 1, [0.915880897587, -1.906279911508, 2.902504153126], [0.860109018769, -1.845804247845, 2.840089026549], [0.818309426882, -1.800736023643, 2.793594920129] },
        { "adadelta:lr=1.0", 1, [0.996837735407, -1.99683772672, 2.996837723985], [0.99359774886, -1.993595864111, 2.993594866266], [0.990307566351, -1.990301198485, 2.990297820465] },
        { "rprop:lr=0.1", 1, [0.9, -1.9, 2.9], [0.78, -1.78, 2.78], [0.636, -1.636, 2.636] },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void Step_OnReferenceProblem_MatchesGoldenValues(string spec, int firstStep, double[] after1, double[] after2, double[] after3)
    {
        var p = Tensor.FromArray([1.0, -2.0, 3.0], 3).RequireGrad();
        var opt = OptimizerRegistry.Create(spec, [p]);
        var expected = new[] { after1, after2, after3 };
        for (int step = 1; step < firstStep + 3; step++)
        {
            opt.ZeroGrad();
            p.Grad = Tensor.FromArray(p.ToArray().Select(x => x + 0.1).ToArray(), 3);
            opt.Step();
            if (step >= firstStep)
            {
                // The reference prints 12 significant digits.
                TestUtil.AssertClose(expected[step - firstStep], p.ToArray(), 2e-12);
            }
        }
    }

    [Fact]
    public void NAdam_Torch113Formula_IsNotWhatDescentComputes()
    {
        // 1.13 multiplied μt twice into the next product; its first step is 0.895046883993 (§1.7), the 2.x step 0.894354823125.
        var p = Tensor.FromArray([1.0, -2.0, 3.0], 3).RequireGrad();
        var opt = new NAdam([p], lr: 0.1);
        p.Grad = Tensor.FromArray([1.1, -1.9, 3.1], 3);
        opt.Step();
        Assert.True(Math.Abs(p[0] - 0.895046883993) > 1e-4);
        Assert.Equal(0.894354823125, p[0], 1e-12);
    }
}
