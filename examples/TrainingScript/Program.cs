// Lecture 000's training script, written with Descent.
//
//   for i in range(5000):
//       start_index = i * 1000
//       end_index = start_index + 1000
//       x = train_x[start_index: end_index]
//       y = train_y[start_index: end_index]
//       optimizer.zero_grad()
//       outputs = model(x)
//       loss = loss_fn(outputs, y)
//       loss.backward()
//       optimizer.step()
//
// Part 1 fits the lecture's regression model ŷ = wx + b with the mean squared error L = (1/m) Σ (yᵢ − ŷᵢ)² by mini-batch SGD.
// Part 2 trains a softmax classifier on the two moons with the same loop, then with Descent's Trainer.
using System.Diagnostics;
using System.Globalization;
using Descent;
using Descent.Data;
using Descent.NN;
using Descent.Optim;
using Descent.Training;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var clock = Stopwatch.StartNew();

// ---- Part 1: linear regression, y = 2x − 1 + noise -------------------------------------------------------------------
// 5,000 examples in batches of 50: 100 steps per epoch (lecture: 3,200 examples at batch 32 give 100 steps), 50 epochs,
// 5,000 steps in all (the lecture's 5,000 steps).
var data = Synthetic.Linear(n: 5000, weights: [2.0], bias: -1, noise: 0.1, seed: 0);
var trainX = data.Features;                       // [5000, 1]
var trainY = data.Targets;                        // [5000, 1]
const int BatchSize = 50, Epochs = 50;
int steps = data.Count / BatchSize;

var model = new Linear(1, 1, new Rng(0));         // ŷ = wx + b
var optimizer = new Sgd(model.Parameters(), lr: 0.1);
Tensor loss = Tensor.Scalar(0);
for (int epoch = 0; epoch < Epochs; epoch++)
{
    for (int i = 0; i < steps; i++)
    {
        int start = i * BatchSize;
        var x = trainX.Narrow(0, start, BatchSize);   // train_x[start_index: end_index], a view
        var y = trainY.Narrow(0, start, BatchSize);
        optimizer.ZeroGrad();
        var outputs = model.Forward(x);
        loss = Losses.Mse(outputs, y);
        loss.Backward();
        optimizer.Step();
    }
}

Console.WriteLine($"linear regression: {Epochs * steps} steps of mini-batch SGD (batch {BatchSize}, lr 0.1)");
Console.WriteLine($"  w = {model.Weight.Item():F4} (true 2), b = {model.Bias!.Item():F4} (true -1), last batch loss = {loss.Item():F5} (noise variance 0.01)");

// ---- Part 2: a softmax classifier on the two moons --------------------------------------------------------------------
// The same loop with the lecture's pieces swapped: logits = Wx + b, cross-entropy loss, shuffled mini-batches from a loader.
var moons = Datasets.Load("moons:n=1000,noise=0.1,test=0.2");
var classifier = ModelSpec.Build("softmax", moons.Train.SampleShape, outputs: 2, new Rng(0));
var sgd = new Sgd(classifier.Parameters(), lr: 0.5);
var loader = new DataLoader(moons.Train, batchSize: 32, seed: 0);
for (int epoch = 0; epoch < 20; epoch++)
{
    foreach (var batch in loader)                  // one epoch: 25 batches, reshuffled every epoch
    {
        sgd.ZeroGrad();
        var outputs = classifier.Forward(batch.X);
        var batchLoss = Losses.CrossEntropy(outputs, batch.Y);
        batchLoss.Backward();
        sgd.Step();
    }
}

var test = moons.Test!.GetBatch(Enumerable.Range(0, moons.Test.Count).ToArray());
using (Autograd.NoGrad())
{
    var logits = classifier.Forward(test.X);
    Console.WriteLine($"softmax classifier on moons (hand-written loop): test loss {Losses.CrossEntropy(logits, test.Y).Item():F4}, " +
        $"accuracy {Losses.Accuracy(logits, test.Y):F3} (a straight boundary cannot separate the moons completely)");
}

// The same training with the Trainer (same seed and batches, so the same numbers): the loop above plus validation, metrics, early stopping, checkpoints and divergence checks.
var model2 = ModelSpec.Build("softmax", moons.Train.SampleShape, outputs: 2, new Rng(0));
var trainer = new Trainer(model2, new Sgd(model2.Parameters(), lr: 0.5), new TrainerOptions { Epochs = 20 });
var result = trainer.Fit(new DataLoader(moons.Train, batchSize: 32, seed: 0), test: moons.Test);
var last = result.History[^1];
Console.WriteLine($"softmax classifier on moons (Trainer): {result.Message}; test loss {last.TestLoss:F4}, accuracy {last.TestAccuracy:F3}");

// A hidden layer bends the boundary: the multi-layer perceptron separates the moons.
var mlp = ModelSpec.Build("mlp:2-32-32-2", moons.Train.SampleShape, outputs: 2, new Rng(0));
var mlpResult = new Trainer(mlp, new Adam(mlp.Parameters(), lr: 0.02), new TrainerOptions { Epochs = 20 })
    .Fit(new DataLoader(moons.Train, batchSize: 32, seed: 0), test: moons.Test);
Console.WriteLine($"mlp:2-32-32-2 with Adam (Trainer): test accuracy {mlpResult.History[^1].TestAccuracy:F3}");
Console.WriteLine($"({clock.Elapsed.TotalSeconds:F2} s)");
