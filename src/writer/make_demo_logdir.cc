// make_demo_logdir OUTDIR: writes the demo logdir the README serves (every plugin has data).
//
// Everything is generated from a fixed seed and a fake clock, so the event contents are the same
// on every run (file names still carry this host's name and pid, like any writer's). The logdir
// is built in a staging directory and renamed into place with a completion marker, so an
// interrupted run never leaves a half-written demo that a later run would mistake for done.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "status.h"
#include "writer/summary_writer.h"

namespace tracker {
namespace {

namespace fs = std::filesystem;

constexpr char kMarkerFile[] = ".demo_complete";
constexpr double kPi = 3.14159265358979323846;

// The writers' wall-time source: the generator moves it explicitly, step by step.
double fake_now = 0;
double FakeClock() { return fake_now; }

// Random numbers from the exactly specified mt19937_64 with our own transforms:
// std::normal_distribution's algorithm is up to the standard library, which would make the
// demo's contents depend on it.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Box-Muller.
  double Normal() {
    const double u = 1.0 - Uniform();  // in (0, 1], so log(u) is finite
    return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * kPi * Uniform());
  }

 private:
  std::mt19937_64 engine_;
};

StatusOr<std::unique_ptr<SummaryWriter>> OpenRun(const fs::path& dir, double start_time,
                                                 bool v1_scalars = false) {
  fake_now = start_time;
  SummaryWriterOptions options;
  options.clock = &FakeClock;
  options.v1_scalars = v1_scalars;
  options.flush_secs = -1;  // one flush at Close: nobody reads these files while they are written
  return SummaryWriter::Create(dir, std::move(options));
}

// A training curve that falls from `start` towards `floor` with multiplicative noise that fades
// as training settles, like a real minibatch loss.
double NoisyDecay(double start, double floor, double time_constant, double noise, int64_t step,
                  Random& random) {
  const double progress = std::exp(-static_cast<double>(step) / time_constant);
  const double clean = floor + (start - floor) * progress;
  return clean * (1.0 + noise * (0.3 + 0.7 * progress) * random.Normal());
}

// --- images ----------------------------------------------------------------------------------

uint8_t ToByte(double v) { return static_cast<uint8_t>(std::clamp(v, 0.0, 1.0) * 255.0 + 0.5); }

// Concentric rings whose frequency and blur depend on `phase`: a stand-in for generated samples
// that sharpen as training goes on.
std::string RingsImage(int size, double phase, double sharpness, Random& random) {
  std::vector<uint8_t> pixels(size * size);
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const double dx = x - size / 2.0 + 0.5, dy = y - size / 2.0 + 0.5;
      const double ring = 0.5 + 0.5 * std::cos(std::sqrt(dx * dx + dy * dy) * (0.6 + phase));
      const double noisy = sharpness * ring + (1 - sharpness) * random.Uniform();
      pixels[y * size + x] = ToByte(noisy);
    }
  }
  return EncodePng(size, size, 1, pixels);
}

// An RGB colour field (two moving Gaussian blobs over a gradient), blended with noise that fades
// with `quality`: a stand-in for a reconstruction that improves.
std::string BlobsImage(int width, int height, double t, double quality, Random& random) {
  std::vector<uint8_t> pixels(width * height * 3);
  const double cx1 = 0.3 + 0.2 * std::cos(t), cy1 = 0.4 + 0.2 * std::sin(t);
  const double cx2 = 0.7 - 0.2 * std::sin(t), cy2 = 0.6 - 0.1 * std::cos(t);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const double u = (x + 0.5) / width, v = (y + 0.5) / height;
      const double b1 = std::exp(-((u - cx1) * (u - cx1) + (v - cy1) * (v - cy1)) / 0.02);
      const double b2 = std::exp(-((u - cx2) * (u - cx2) + (v - cy2) * (v - cy2)) / 0.03);
      const double rgb[3] = {b1 + 0.2 * u, b2 + 0.2 * v, 0.3 * (1 - u) + 0.5 * b1 * b2};
      for (int c = 0; c < 3; ++c) {
        const double mixed = quality * rgb[c] + (1 - quality) * random.Uniform();
        pixels[(y * width + x) * 3 + c] = ToByte(mixed);
      }
    }
  }
  return EncodePng(width, height, 3, pixels);
}

// --- graph -----------------------------------------------------------------------------------

class GraphBuilder {
 public:
  tensorboard::NodeDef* Node(const std::string& name, const std::string& op,
                             std::vector<std::string> inputs = {}) {
    tensorboard::NodeDef* node = graph_.add_node();
    node->set_name(name);
    node->set_op(op);
    for (std::string& input : inputs) node->add_input(std::move(input));
    node->set_device("/device:CPU:0");
    return node;
  }
  static void Type(tensorboard::NodeDef* node, const std::string& attr,
                   tensorboard::DataType type = tensorboard::DT_FLOAT) {
    (*node->mutable_attr())[attr].set_type(type);
  }
  static void Shape(tensorboard::NodeDef* node, const std::string& attr,
                    std::initializer_list<int64_t> dims) {
    auto* shape = (*node->mutable_attr())[attr].mutable_shape();
    for (int64_t d : dims) shape->add_dim()->set_size(d);
  }
  static void Ints(tensorboard::NodeDef* node, const std::string& attr,
                   std::initializer_list<int64_t> values) {
    auto* list = (*node->mutable_attr())[attr].mutable_list();
    for (int64_t v : values) list->add_i(v);
  }
  static void String(tensorboard::NodeDef* node, const std::string& attr, const std::string& s) {
    (*node->mutable_attr())[attr].set_s(s);
  }
  static void Bool(tensorboard::NodeDef* node, const std::string& attr, bool b) {
    (*node->mutable_attr())[attr].set_b(b);
  }
  // The output shape TensorBoard's graph view prints on edges.
  static void OutputShape(tensorboard::NodeDef* node, std::initializer_list<int64_t> dims) {
    auto* shape = (*node->mutable_attr())["_output_shapes"].mutable_list()->add_shape();
    for (int64_t d : dims) shape->add_dim()->set_size(d);
  }

  // A TF1 variable with its read op; returns the read op's name.
  std::string Variable(const std::string& name, std::initializer_list<int64_t> dims) {
    auto* var = Node(name, "VariableV2");
    Type(var, "dtype");
    Shape(var, "shape", dims);
    String(var, "container", "");
    String(var, "shared_name", "");
    OutputShape(var, dims);
    auto* read = Node(name + "/read", "Identity", {name});
    Type(read, "T");
    (*read->mutable_attr())["_class"].mutable_list()->add_s("loc:@" + name);
    OutputShape(read, dims);
    return name + "/read";
  }

  tensorboard::NodeDef* Const(const std::string& name, tensorboard::DataType type,
                              std::initializer_list<int64_t> dims,
                              std::initializer_list<int64_t> int_values, float float_value = 0) {
    auto* node = Node(name, "Const");
    Type(node, "dtype", type);
    auto* tensor = (*node->mutable_attr())["value"].mutable_tensor();
    tensor->set_dtype(type);
    auto* shape = tensor->mutable_tensor_shape();
    for (int64_t d : dims) shape->add_dim()->set_size(d);
    if (type == tensorboard::DT_FLOAT) {
      tensor->add_float_val(float_value);
    } else {
      for (int64_t v : int_values) tensor->add_int_val(static_cast<int32_t>(v));
    }
    return node;
  }

  tensorboard::GraphDef& graph() { return graph_; }

 private:
  tensorboard::GraphDef graph_;
};

// A small MNIST convnet in TF1 style: name scopes, variables with read ops, typed attrs.
tensorboard::GraphDef MnistGraph() {
  using G = GraphBuilder;
  G g;
  auto* x = g.Node("input/x", "Placeholder");
  G::Type(x, "dtype");
  G::Shape(x, "shape", {-1, 28, 28, 1});
  G::OutputShape(x, {-1, 28, 28, 1});
  auto* labels = g.Node("input/labels", "Placeholder");
  G::Type(labels, "dtype", tensorboard::DT_INT64);
  G::Shape(labels, "shape", {-1});
  G::OutputShape(labels, {-1});

  const std::string conv_w = g.Variable("conv1/kernel", {5, 5, 1, 32});
  const std::string conv_b = g.Variable("conv1/bias", {32});
  auto* conv = g.Node("conv1/Conv2D", "Conv2D", {"input/x", conv_w});
  G::Type(conv, "T");
  G::Ints(conv, "strides", {1, 1, 1, 1});
  G::String(conv, "padding", "SAME");
  G::String(conv, "data_format", "NHWC");
  G::Bool(conv, "use_cudnn_on_gpu", true);
  G::OutputShape(conv, {-1, 28, 28, 32});
  auto* conv_bias = g.Node("conv1/BiasAdd", "BiasAdd", {"conv1/Conv2D", conv_b});
  G::Type(conv_bias, "T");
  G::OutputShape(conv_bias, {-1, 28, 28, 32});
  auto* relu = g.Node("conv1/Relu", "Relu", {"conv1/BiasAdd"});
  G::Type(relu, "T");
  G::OutputShape(relu, {-1, 28, 28, 32});
  auto* pool = g.Node("pool1/MaxPool", "MaxPool", {"conv1/Relu"});
  G::Type(pool, "T");
  G::Ints(pool, "ksize", {1, 2, 2, 1});
  G::Ints(pool, "strides", {1, 2, 2, 1});
  G::String(pool, "padding", "VALID");
  G::OutputShape(pool, {-1, 14, 14, 32});

  g.Const("flatten/shape", tensorboard::DT_INT32, {2}, {-1, 6272});
  auto* flat = g.Node("flatten/Reshape", "Reshape", {"pool1/MaxPool", "flatten/shape"});
  G::Type(flat, "T");
  G::Type(flat, "Tshape", tensorboard::DT_INT32);
  G::OutputShape(flat, {-1, 6272});

  const std::string dense_w = g.Variable("dense/kernel", {6272, 128});
  const std::string dense_b = g.Variable("dense/bias", {128});
  auto* matmul = g.Node("dense/MatMul", "MatMul", {"flatten/Reshape", dense_w});
  G::Type(matmul, "T");
  G::Bool(matmul, "transpose_a", false);
  G::Bool(matmul, "transpose_b", false);
  G::OutputShape(matmul, {-1, 128});
  auto* dense_bias = g.Node("dense/BiasAdd", "BiasAdd", {"dense/MatMul", dense_b});
  G::Type(dense_bias, "T");
  G::OutputShape(dense_bias, {-1, 128});
  auto* dense_relu = g.Node("dense/Relu", "Relu", {"dense/BiasAdd"});
  G::Type(dense_relu, "T");
  G::OutputShape(dense_relu, {-1, 128});

  const std::string logits_w = g.Variable("logits/kernel", {128, 10});
  auto* logits = g.Node("logits/MatMul", "MatMul", {"dense/Relu", logits_w});
  G::Type(logits, "T");
  G::OutputShape(logits, {-1, 10});

  auto* xent = g.Node("loss/SparseSoftmaxCrossEntropyWithLogits",
                      "SparseSoftmaxCrossEntropyWithLogits", {"logits/MatMul", "input/labels"});
  G::Type(xent, "T");
  G::Type(xent, "Tlabels", tensorboard::DT_INT64);
  g.Const("loss/Const", tensorboard::DT_INT32, {1}, {0});
  auto* mean =
      g.Node("loss/Mean", "Mean", {"loss/SparseSoftmaxCrossEntropyWithLogits", "loss/Const"});
  G::Type(mean, "T");
  G::Type(mean, "Tidx", tensorboard::DT_INT32);
  G::Bool(mean, "keep_dims", false);
  G::OutputShape(mean, {});

  g.Const("accuracy/ArgMax/dimension", tensorboard::DT_INT32, {}, {1});
  auto* argmax =
      g.Node("accuracy/ArgMax", "ArgMax", {"logits/MatMul", "accuracy/ArgMax/dimension"});
  G::Type(argmax, "T");
  G::Type(argmax, "output_type", tensorboard::DT_INT64);
  auto* equal = g.Node("accuracy/Equal", "Equal", {"accuracy/ArgMax", "input/labels"});
  G::Type(equal, "T", tensorboard::DT_INT64);
  auto* cast = g.Node("accuracy/Cast", "Cast", {"accuracy/Equal"});
  G::Type(cast, "SrcT", tensorboard::DT_BOOL);
  G::Type(cast, "DstT");
  auto* acc = g.Node("accuracy/Mean", "Mean", {"accuracy/Cast", "loss/Const"});
  G::Type(acc, "T");
  G::Type(acc, "Tidx", tensorboard::DT_INT32);

  g.Const("train/learning_rate", tensorboard::DT_FLOAT, {}, {}, 0.01f);
  std::vector<std::string> updates;
  for (const char* var :
       {"conv1/kernel", "conv1/bias", "dense/kernel", "dense/bias", "logits/kernel"}) {
    const std::string name = std::string("train/update_") + var + "/ApplyGradientDescent";
    auto* apply = g.Node(name, "ApplyGradientDescent", {var, "train/learning_rate", "loss/Mean"});
    G::Type(apply, "T");
    G::Bool(apply, "use_locking", false);
    updates.push_back("^" + name);
  }
  g.Node("train/step", "NoOp", updates);

  g.graph().mutable_versions()->set_producer(1205);
  return std::move(g.graph());
}

// --- runs ------------------------------------------------------------------------------------

constexpr char kNotes[] = R"(# MNIST convnet

A small convolutional classifier trained with **SGD + momentum**.

| setting | value |
|---|---|
| batch size | 128 |
| optimizer | momentum (0.9) |
| learning rate | 0.01, cosine decay |
| conv1 | 5x5x32, ReLU, 2x2 max pool |
| dense | 128 units, dropout 0.3 |

Generated by `make_demo_logdir` (fixed seed, fake clock).
)";

Status WriteMnist(const fs::path& root, Random& random) {
  constexpr int kSteps = 3000;
  constexpr double kStart = 1714000000;
  constexpr double kSecsPerStep = 0.05;
  {
    ASSIGN_OR_RETURN(auto train, OpenRun(root / "mnist" / "train", kStart));
    RETURN_IF_ERROR(train->AddGraph(MnistGraph()));
    RETURN_IF_ERROR(train->AddText("notes", kNotes, 0));
    train->SetDescription("loss", "Mean cross entropy of the minibatch.");
    std::vector<double> dense(2000), conv(800);
    for (int64_t step = 0; step < kSteps; ++step) {
      fake_now = kStart + step * kSecsPerStep;
      const double loss = NoisyDecay(2.3, 0.06, 450, 0.25, step, random);
      const double accuracy =
          std::clamp(1.0 - 0.9 * std::exp(-step / 400.0) -
                         0.03 * std::abs(random.Normal()) * (0.3 + std::exp(-step / 800.0)),
                     0.0, 1.0);
      const double lr = 0.005 * (1 + std::cos(kPi * step / kSteps));
      RETURN_IF_ERROR(train->AddScalar("loss", loss, step));
      RETURN_IF_ERROR(train->AddScalar("accuracy", accuracy, step));
      RETURN_IF_ERROR(train->AddScalar("learning_rate", lr, step));
      if (step % 100 == 0 || step == kSteps - 1) {
        // Weights drift and widen as training moves them away from their initialisation.
        const double t = static_cast<double>(step) / kSteps;
        for (double& w : dense) w = 0.05 * t + (0.05 + 0.1 * t) * random.Normal();
        for (double& w : conv) {
          // Bimodal later in training, as filters specialise.
          const double mode = random.Uniform() < 0.5 ? -1 : 1;
          w = mode * 0.3 * t + (0.2 - 0.1 * t) * random.Normal();
        }
        RETURN_IF_ERROR(train->AddHistogram("weights/dense", dense, step));
        RETURN_IF_ERROR(train->AddHistogram("weights/conv1", conv, step, 40));
      }
      if (step % 1000 == 0 || step == kSteps - 1) {
        const double quality = 0.2 + 0.8 * step / (kSteps - 1.0);
        std::vector<std::string> samples;
        for (int i = 0; i < 3; ++i) samples.push_back(RingsImage(28, 0.3 * i, quality, random));
        RETURN_IF_ERROR(train->AddImage("samples", samples, 28, 28, step));
        RETURN_IF_ERROR(train->AddImage(
            "reconstruction", BlobsImage(64, 48, step / 500.0, quality, random), 64, 48, step));
      }
    }
    RETURN_IF_ERROR(
        train->AddText("notes", "Training finished: final accuracy **98.9 %**.", kSteps - 1));
    RETURN_IF_ERROR(train->Close());
  }
  // Evaluation every 250 steps, written as v1 simple_value scalars like TF1 and PyTorch do.
  ASSIGN_OR_RETURN(auto eval, OpenRun(root / "mnist" / "eval", kStart + 1, /*v1_scalars=*/true));
  for (int64_t step = 0; step <= kSteps; step += 250) {
    fake_now = kStart + step * kSecsPerStep + 2;
    RETURN_IF_ERROR(eval->AddScalar("loss", NoisyDecay(2.3, 0.09, 500, 0.05, step, random), step));
    RETURN_IF_ERROR(eval->AddScalar(
        "accuracy", 0.985 - 0.885 * std::exp(-step / 450.0) + 0.004 * random.Normal(), step));
  }
  return eval->Close();
}

Status WriteResnet(const fs::path& root, Random& random) {
  constexpr int kSteps = 4000;
  constexpr int kEvery = 10;
  struct Config {
    const char* name;
    double lr;
    double time_constant;
    double floor;
    double noise;
  };
  const Config configs[] = {{"lr_0.1", 0.1, 500, 0.25, 0.2}, {"lr_0.01", 0.01, 1400, 0.35, 0.08}};
  double start = 1714010000;
  for (const Config& config : configs) {
    ASSIGN_OR_RETURN(auto run, OpenRun(root / "resnet" / config.name, start));
    std::vector<double> kernel(1500);
    for (int64_t step = 0; step <= kSteps; step += kEvery) {
      fake_now = start + step * 0.2;
      // Step decay by 10x at 50% and 75% of training, the usual ResNet schedule.
      const double lr = config.lr * (step < kSteps / 2 ? 1 : step < kSteps * 3 / 4 ? 0.1 : 0.01);
      const double loss =
          NoisyDecay(2.5, config.floor, config.time_constant, config.noise, step, random) *
          (step >= kSteps / 2 ? 0.85 : 1.0);
      RETURN_IF_ERROR(run->AddScalar("train/loss", loss, step));
      const double accuracy = std::clamp(0.1 + 0.85 * (2.5 - loss) / 2.4, 0.05, 0.99);
      RETURN_IF_ERROR(run->AddScalar("train/accuracy", accuracy, step));
      RETURN_IF_ERROR(run->AddScalar("optimizer/learning_rate", lr, step));
      if (step % 200 == 0) {
        const double t = static_cast<double>(step) / kSteps;
        for (double& w : kernel) w = (0.1 + config.lr * t) * random.Normal() - 0.02 * t;
        RETURN_IF_ERROR(run->AddHistogram("conv1/kernel", kernel, step));
      }
      if (step % 1000 == 0) {
        RETURN_IF_ERROR(run->AddImage(
            "feature_map",
            BlobsImage(32, 32, step / 700.0 + config.lr, 0.5 + 0.5 * step / kSteps, random), 32, 32,
            step));
      }
    }
    RETURN_IF_ERROR(run->Close());
    start += 3600;
  }
  return OkStatus();
}

// An hparams sweep laid out like TensorBoard's hparams tutorial: the experiment in the parent
// run, one run per session with its start info, metrics and end info.
Status WriteHParamsSweep(const fs::path& root, Random& random) {
  const fs::path dir = root / "hparams_sweep";
  constexpr double kStart = 1714020000;
  {
    ASSIGN_OR_RETURN(auto parent, OpenRun(dir, kStart));
    tensorboard::hparams::Experiment experiment;
    experiment.set_description("Learning rate, optimizer and dropout sweep of the MNIST convnet.");
    auto* lr = experiment.add_hparam_infos();
    lr->set_name("lr");
    lr->set_display_name("learning rate");
    lr->set_type(tensorboard::hparams::DATA_TYPE_FLOAT64);
    lr->mutable_domain_interval()->set_min_value(1e-3);
    lr->mutable_domain_interval()->set_max_value(0.1);
    auto* optimizer = experiment.add_hparam_infos();
    optimizer->set_name("optimizer");
    optimizer->set_type(tensorboard::hparams::DATA_TYPE_STRING);
    for (const char* name : {"adam", "sgd"}) {
      optimizer->mutable_domain_discrete()->add_values()->set_string_value(name);
    }
    auto* dropout = experiment.add_hparam_infos();
    dropout->set_name("dropout");
    dropout->set_type(tensorboard::hparams::DATA_TYPE_FLOAT64);
    for (double rate : {0.1, 0.3}) {
      dropout->mutable_domain_discrete()->add_values()->set_number_value(rate);
    }
    for (const char* tag : {"accuracy", "loss"}) {
      auto* metric = experiment.add_metric_infos();
      metric->mutable_name()->set_tag(tag);
      metric->set_dataset_type(tensorboard::hparams::DATASET_VALIDATION);
    }
    experiment.set_time_created_secs(kStart);
    RETURN_IF_ERROR(parent->AddHParamsConfig(experiment));
    RETURN_IF_ERROR(parent->Close());
  }

  struct Trial {
    double lr;
    const char* optimizer;
    double dropout;
    tensorboard::hparams::Status status;
    int epochs;
  };
  const Trial trials[] = {
      {0.001, "adam", 0.1, tensorboard::hparams::STATUS_SUCCESS, 10},
      {0.001, "adam", 0.3, tensorboard::hparams::STATUS_SUCCESS, 10},
      {0.01, "adam", 0.1, tensorboard::hparams::STATUS_SUCCESS, 10},
      {0.1, "sgd", 0.1, tensorboard::hparams::STATUS_SUCCESS, 10},
      {0.01, "sgd", 0.3, tensorboard::hparams::STATUS_FAILURE, 4},  // diverged
      {0.05, "sgd", 0.3, tensorboard::hparams::STATUS_RUNNING, 6},  // still running: no end
  };
  double start = kStart + 60;
  for (size_t i = 0; i < std::size(trials); ++i) {
    const Trial& trial = trials[i];
    const std::string name = "trial_" + std::to_string(i);
    ASSIGN_OR_RETURN(auto run, OpenRun(dir / name, start));
    const std::map<std::string, HParamValue> hparams = {
        {"lr", trial.lr}, {"optimizer", std::string(trial.optimizer)}, {"dropout", trial.dropout}};
    RETURN_IF_ERROR(run->AddSessionStart(hparams, name, start));
    // Adam prefers small rates, SGD larger ones; dropout costs a little accuracy.
    const double skill =
        trial.optimizer == std::string("adam") ? 1.0 - 8.0 * trial.lr : 0.9 + 0.8 * trial.lr;
    const double best = std::min(0.99, 0.92 + 0.07 * skill - 0.03 * trial.dropout);
    for (int epoch = 0; epoch < trial.epochs; ++epoch) {
      fake_now = start + 120.0 * (epoch + 1);
      const bool diverged = trial.status == tensorboard::hparams::STATUS_FAILURE && epoch >= 2;
      const double accuracy =
          diverged ? 0.1 + 0.01 * random.Normal()
                   : best - (best - 0.5) * std::exp(-epoch / 2.5) + 0.005 * random.Normal();
      const double loss =
          diverged ? 2.3 * epoch : -std::log(std::clamp(accuracy, 0.05, 0.999)) * 1.1;
      RETURN_IF_ERROR(run->AddScalar("accuracy", accuracy, epoch));
      RETURN_IF_ERROR(run->AddScalar("loss", loss, epoch));
    }
    if (trial.status != tensorboard::hparams::STATUS_RUNNING) {
      RETURN_IF_ERROR(run->AddSessionEnd(trial.status, fake_now + 1));
    }
    RETURN_IF_ERROR(run->Close());
    start += 1800;
  }
  return OkStatus();
}

Status WriteDemo(const fs::path& root) {
  Random random(20240601);
  RETURN_IF_ERROR(WriteMnist(root, random));
  RETURN_IF_ERROR(WriteResnet(root, random));
  return WriteHParamsSweep(root, random);
}

// Writes the demo into a sibling staging directory and renames it to `out` once complete.
Status MakeDemoLogdir(fs::path out) {
  out = out.lexically_normal();
  if (!out.has_filename()) out = out.parent_path();  // "demo/" -> "demo"
  std::error_code ec;
  if (fs::exists(out / kMarkerFile, ec)) {
    std::printf("%s: demo logdir already complete\n", out.c_str());
    return OkStatus();
  }
  if (fs::exists(out, ec) && !fs::is_empty(out, ec)) {
    return FailedPreconditionError(out.string() +
                                   " exists and is not a complete demo logdir; remove it or pick "
                                   "another directory");
  }
  const fs::path staging = out.string() + ".make_demo_logdir.tmp";
  fs::remove_all(staging, ec);
  if (ec) return UnavailableError(staging.string() + ": cannot remove: " + ec.message());

  RETURN_IF_ERROR(WriteDemo(staging));
  {
    std::ofstream marker(staging / kMarkerFile);
    marker << "written by make_demo_logdir\n";
    if (!marker.flush())
      return UnavailableError((staging / kMarkerFile).string() + ": write failed");
  }
  fs::remove(out, ec);  // an empty directory; rename cannot replace it
  if (ec) return UnavailableError(out.string() + ": cannot remove: " + ec.message());
  fs::rename(staging, out, ec);
  if (ec) return UnavailableError(out.string() + ": cannot rename staging dir: " + ec.message());
  std::printf("%s: demo logdir written\n", out.c_str());
  return OkStatus();
}

}  // namespace
}  // namespace tracker

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
    return 2;
  }
  const tracker::Status status = tracker::MakeDemoLogdir(argv[1]);
  if (!status.ok()) {
    std::fprintf(stderr, "make_demo_logdir: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
