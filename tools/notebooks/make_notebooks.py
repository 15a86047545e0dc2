#!/usr/bin/python3
"""Writes notebooks/NN-*.ipynb (stored without outputs) from the specs below, so every notebook shares one setup cell
and one shape: question, recipe, run with live progress, chart(s), table, a summary computed from the results.
Run: /usr/bin/python3 tools/notebooks/make_notebooks.py   (then commit notebooks/)
"""
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KERNELSPEC = {"name": ".net-csharp", "display_name": ".NET (C#)", "language": "C#"}
LANGUAGE = {"name": "C#", "file_extension": ".cs", "mimetype": "text/x-csharp", "pygments_lexer": "csharp"}

# `#r "Kit.dll"`: the kit's kernel finds the library's build itself (the checkout its kernelspec belongs to), so a
# notebook copied anywhere runs; a relative path would tie it to notebooks/.
SETUP = """#r "Kit.dll"
using Kit.Experiments;
using Kit.Pipeline;
KitSetup.Register();   // the trainer, targets, masks and synthetic data behind the experiment runner"""

SCALE = """// Choose the scale and device here. Scale: "smoke" (seconds a row, what the tests run), "quick" (a table in minutes
// on 2 CPU cores: a demonstration), "cpu" (where the model learns on 2 cores: 15-45 min a row), "gpu" (one current GPU), "paper" (ViT-B,
// 16x224x224, a dataset manifest). Device: "cpu", "cuda", "auto" (CUDA when available), or null for the scale's own.
// KIT_SCALE / KIT_DEVICE, when set, win (the tests set KIT_SCALE=smoke).
var (scaleName, device) = ("quick", (string?)null);
var scale = Scale.Get(Environment.GetEnvironmentVariable("KIT_SCALE") ?? scaleName);
if ((Environment.GetEnvironmentVariable("KIT_DEVICE") ?? device) is { } chosen) scale = scale with { Device = chosen };
var options = new RunOptions(StoreDir: Path.GetFullPath($"../runs/notebooks-{scale.Name}"));   // results are kept and reused
scale"""


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n")}


def code(text):
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": text.strip("\n")}


def table_cells(table_id, why):
    v = table_id.replace("-", "_")
    picture = []
    if table_id in TABLE_LESSONS:
        text, drawing = TABLE_LESSONS[table_id]
        picture = [md(text), code(drawing)]
    return [
        md(f"### `{table_id}`\n\n{why}"),
        *picture,
        code(f'var {v} = Ablations.Get("{table_id}");\n{v}.RecipeTable()'),
        code(f"var {v}_results = await Runner.RunAsync({v}, scale, options, progress: new RunProgressBar());\n"
             f"foreach (var chart in {v}_results.Charts()) chart.Display();"),
        code(f"{v}_results.Table()"),
        code(f"{v}_results.Summary()   // computed from the measurements: which of the paper's orderings hold here"),
    ]


def notebook(title, intro, tables, outro=None, lesson=None):
    cells = [md(f"# {title}\n\n{intro}"), code(SETUP), code(SCALE)]
    if lesson:
        text, picture = lesson
        cells += [md(f"## What the table varies\n\n{text}"), code(picture)]
    for table_id, why in tables:
        cells += table_cells(table_id, why)
    if outro:
        cells.append(md(outro))
    return cells


READING = ("Below paper scale every row pre-trains on an unlimited stream of synthetic clips whose 14 classes differ "
           "only by motion, then is read on held-out test clips: fine-tuned on a small labelled set, and beside it a "
           "linear probe and k-NN on the frozen features. The summary under each table opens with the sanity figures of "
           "its scale (does the model learn the task at all there? run `sanity` in notebook 01 first); only where it does "
           "are the orderings that follow evidence. They say which of the paper's orderings the measurements reproduce and "
           "whether the gap is larger than the spread over seeds.")

NOTEBOOKS = {
    "01-mme-why-motion": ("Why motion? Temporal information and the linear probe (MME)",
        "MME argues that pixel targets let a masked video model reconstruct from appearance alone: it can rebuild a "
        "masked patch almost as well from shuffled frames as from the real video. Trajectory targets cannot be "
        "predicted without the temporal order. The linear probe then asks how much of that motion knowledge sits in "
        "the frozen encoder. " + READING,
        [("sanity", "First, does the model learn the task at this scale at all? Supervised training from scratch on the "
                    "unlimited stream is the ceiling; from scratch on the small labelled set shows what memorising gives; "
                    "a linear probe on a randomly initialised encoder is the floor a probe reaches without learning; and "
                    "VideoMAE's pixel pre-training read by a probe, k-NN and fine-tuning shows whether pre-training taught "
                    "anything. MME's claim is that appearance targets such as pixels teach little motion: on this data a "
                    "pixel probe near the random-encoder probe is the result that claim predicts."),
         ("mme-f3", "Pre-train on the video as recorded, on shuffled frames and on one repeated frame; compare the final "
                    "reconstruction loss of pixel and trajectory targets, and the fine-tuned accuracy."),
         ("mme-t4", "Freeze the pre-trained encoder and train only a linear classifier on its pooled features.")]),
    "02-mme-reconstruction-target": ("What should a masked video model reconstruct? (MME Table 5)",
        "The central table of MME: the same model pre-trained to predict pixels, HOG, HOG with flow/HOF/MBH, "
        "trajectory positions without shape, or full trajectories. The paper finds that motion trajectories beat every "
        "appearance target and every short-term motion descriptor. " + READING,
        [("mme-t5", "Reconstruction target."),
         ("mme-a11", "Does adding short-term motion features (MBH, HOF) to the trajectory volume help further?")]),
    "03-mme-trajectory-length": ("How long should a trajectory be? (MME Table 7)",
        "A trajectory of length L follows each point for L raw frames. L = 0 keeps only the shape (HOG) part. The paper "
        "finds a sweet spot at L = 6: long enough to describe the motion, short enough that tracking stays reliable. " + READING,
        [("mme-t7", "Trajectory length L.")]),
    "04-mme-trajectory-preprocessing": ("Interpolation, normalisation and pre-processing of trajectories (MME)",
        "Three choices about how trajectory targets are built: track through every raw frame (interpolation) or only "
        "the sampled ones; normalise the displacements per patch or not; compensate camera motion and drop "
        "trajectories that leave the frame, or not. " + READING,
        [("mme-t6", "Dense targets from sparse input: track through raw-rate flow (interpolation) or input-rate flow."),
         ("mme-t8", "Patch normalisation of the trajectory displacements."),
         ("mme-pre", "Camera-motion compensation and the out-of-view loss mask (MME appendix).")]),
    "05-mme-trajectory-density": ("Dense or sparse trajectories? (MME Table 9)",
        "Predict all K trajectories of a patch, or one summary trajectory: their mean, or the most salient one. The "
        "paper finds dense prediction best; its two versions disagree on the order of the sparse variants. " + READING,
        [("mme-t9", "Trajectory density.")]),
    "06-mme-sampling-stride": ("Sampling stride (MME Table 10)",
        "The input clip samples every s-th frame; the trajectory target still covers the raw frames in between. "
        "Larger strides see more of the video but make the target harder to predict. " + READING,
        [("mme-t10", "Temporal sampling stride.")]),
    "07-mme-masking-and-decoder": ("Masking ratio and decoder design (MME Tables 11-12)",
        "Which spatial masks and ratios suit trajectory targets, and does the decoder need to be deep or separate per "
        "target part? " + READING,
        [("mme-t11", "Masking strategy and ratio."),
         ("mme-t12", "Decoder depth and joint versus separate decoders.")]),
    "08-mme-ablation-speedup": ("The ablation speed-up (MME appendix Table 10)",
        "MME ran its ablations on a quarter of the data with half the input patches dropped during fine-tuning. This "
        "table checks how much that shortcut costs in accuracy and how much time it saves. " + READING,
        [("mme-a10", "Full data and patches versus the ablation shortcut.")]),
    "09-motionmae-target": ("MotionMAE: frames, motion, and how to weigh them",
        "MotionMAE predicts the masked frame and, with a second head, its temporal difference. These tables ask which "
        "targets to use, how to weight them, how far apart the differenced frames should be, and whether optical flow "
        "is a better motion target than the frame difference. " + READING,
        [("mmae-t5a", "Frame, motion, or both."),
         ("mmae-t5b", "Loss weights frame : motion."),
         ("mmae-t5c", "Motion granularity: the frame gap g of the difference."),
         ("mmae-t7", "Temporal difference versus optical flow as the motion target.")]),
    "10-motionmae-decoder-and-loss": ("MotionMAE: decoder width and depth, loss, shared or parallel heads",
        "The decoder that predicts frame and motion: how wide, how deep, trained with which loss, and whether the two "
        "heads share all but their last layer or run in parallel. " + READING,
        [("mmae-t5d", "Decoder width."),
         ("mmae-t5e", "Decoder depth."),
         ("mmae-t5f", "Loss function."),
         ("mmae-t10", "Shared versus parallel decoder heads.")]),
    "11-motionmae-masking": ("MotionMAE: masking strategy and ratio",
        "Hide whole frames, random tokens, or tubes; and how much to hide. " + READING,
        [("mmae-t8", "Masking strategy."),
         ("mmae-t9", "Masking ratio.")]),
    "12-mgmae-motion-guided-masking": ("MGMAE: motion-guided masking",
        "MGMAE warps a mask map along optical flow so that the hidden regions follow moving objects, making the "
        "reconstruction task harder and the representation better. These tables ablate each design choice of the "
        "warping. " + READING,
        [("mg-t1a", "Base frame the initial map is drawn at."),
         ("mg-t1b", "Backward warping (sampling) versus forward warping (splatting)."),
         ("mg-t1c", "Visible tokens chosen per frame or over the whole clip."),
         ("mg-t1d", "The initial map at the base frame."),
         ("mg-t1e", "Filling the holes that warping leaves."),
         ("mg-exp", "Exposure noise on one frame's scores.")]),
    "13-mgmae-flow": ("MGMAE: where the flow comes from",
        "Motion-guided masking needs optical flow. Offline TV-L1, an online estimator with few or many iterations, or "
        "no flow at all (plain tube masking, VideoMAE). " + READING,
        [("mg-t1f", "Flow estimation for motion-guided masking."),
         ("flow-est", "The kit's extension: on synthetic video the exact flow is known, so the estimators (TV-L1, "
                      "Farneback, DIS) can be compared with the truth itself, for MME's trajectories and MGMAE's masks.")]),
    "14-mgmae-ratio-and-difficulty": ("MGMAE: masking ratio and task difficulty",
        "How much to hide with motion-guided masking, whether it really makes pre-training harder (higher loss), and "
        "how the accuracy gain over VideoMAE holds with longer training. " + READING,
        [("mg-f3", "Masking ratio sweep."),
         ("mg-t2", "Final pre-training loss: motion-guided versus tube masking."),
         ("mg-t3", "Accuracy versus VideoMAE at two training lengths.")]),
}

TOUR = [
    md("""# 00 — A guided tour of masked video modeling

One clip of the kit's synthetic motion dataset and one real video (OpenCV's `vtest.avi`), and everything the three
papers compute from them: frames, optical flow with and without camera-motion compensation, trajectories, HOG,
frame differences, every masking strategy, and a short pre-training whose prediction is drawn against the target.
All of it runs through the kit's library (`lib/Kit`); the cells only call it and draw."""),
    code("""#r "Kit.dll"
using Kit.Experiments;
using Kit.Pipeline;
using Kit.Data;
using Kit.Data.Synth;
using Kit.Masking;
using Kit.Targets;
using Kit.Training;
using Kit.Torch;
using static Kit.Torch.torch;
KitSetup.Register();   // the trainer, targets, masks and synthetic data behind the experiment runner"""),
    code("""var scale = Scale.Get(Environment.GetEnvironmentVariable("KIT_SCALE") ?? "quick");
var synth = ScaleData.SynthFor(scale) with { Videos = 4 };
var grid = new TokenGrid(Frames: 8, Height: synth.Size, Width: synth.Size, Tubelet: 2, Patch: synth.Size / 4);
var flowConfig = new FlowConfig(Method: FlowMethod.Farneback);
var batch = SynthClips.Batch(synth, batch: 1, numFrames: grid.Frames, stride: 2, needs: TargetNeeds.RawFrames | TargetNeeds.Flow, flow: flowConfig);
var clip = batch.Clip[0];   // (C, T, H, W) in 0..1
$"clip {string.Join("x", batch.Clip.shape)}, raw frames {string.Join("x", batch.RawClip!.shape)}, flow {string.Join("x", batch.Flow!.shape)}\""""),
    md("## Frames\nThe encoder sees every second frame; the classes of this dataset differ only by how things move."),
    code("""new Figure("the encoder's frames").Frames(Enumerable.Range(0, grid.Frames).Select(t => Views.Frame(clip, t)).ToList(), columns: 8)"""),
    md("## Optical flow, with and without camera-motion compensation\nFlow magnitude between consecutive raw frames. "
       "Compensation (improved dense trajectories: feature matches, a RANSAC homography, warp, recompute) removes a camera pan or zoom."),
    code("""var raw = (batch.RawClip![0] * 255).clamp(0, 255).to(uint8).permute(1, 2, 3, 0).contiguous();   // (T, H, W, 3)
var plain = OpticalFlow.Compute(raw, flowConfig).Flow;
var compensated = OpticalFlow.Compute(raw, flowConfig with { Compensate = true }).Flow;
var top = Math.Max(0.5, plain.square().sum(1L).sqrt().max().item<float>());   // brightest = the largest motion in the clip
new Figure($"flow magnitude (white = {top:F1} px): plain (top) and camera-compensated (bottom)")
    .Frames(Enumerable.Range(0, 6).Select(t => Views.FlowMagnitude(plain[t], top)).Concat(Enumerable.Range(0, 6).Select(t => Views.FlowMagnitude(compensated[t], top))).ToList(), columns: 6)"""),
    md("## The synthetic stream and its exact flow\nBelow paper scale the experiments train on clips rendered on the fly "
       "(clip *i* of a seed is always the same clip, and the held-out test clips come from seeds the stream never uses). "
       "The generator knows how everything moves, so it also gives the exact optical flow; an estimator's error is then "
       "measurable, and 'which flow' becomes an ablation."),
    code("""var stream = new SynthStream(new SynthConfig(Size: 64));
var scene = stream.SceneOf(stream.DomainSeed(SynthDomain.Test), 12, frames: 9);   // test clip 12: a fall
var (frames9, exact) = SynthFlow.RenderWithOracle(scene, 64);
var estimated = OpticalFlow.Compute(frames9, flowConfig).Flow;
var error = FlowAccuracy.Measure(scene, 64, estimated);
var top2 = Math.Max(0.5, exact.square().sum(1L).sqrt().max().item<float>());
new Figure($"{scene.LabelName}: exact flow (top), Farneback (bottom); end-point error {error.Epe:F2} px, {error.MovingObjectEpe:F2} px on the moving object")
    .Frames(Enumerable.Range(0, 4).Select(t => Views.FlowMagnitude(exact[2 * t], top2)).Concat(Enumerable.Range(0, 4).Select(t => Views.FlowMagnitude(estimated[2 * t], top2))).ToList(), columns: 4)"""),
    md("## Trajectories (MME)\nFour points per patch, tracked for six raw frames through the (median-filtered) flow."),
    code("""var tracks = TrajectoryTracker.Track(batch.Flow!.narrow(1, 0, 6), [0L], grid with { Frames = grid.Tubelet }, pointsPerSide: 2, length: 6, medianFilter: true);
var pos = tracks.Positions[0].reshape(-1, 7, 2);   // (points, steps, xy)
var paths = new Figure("trajectories over the first frame").Frames([Views.Frame(clip, 0)], columns: 1);
for (var k = 0; k < pos.size(0); k += 3)
    paths.Scatter(pos[k, .., 0].ToArray<float>().Select(v => (double)v), pos[k, .., 1].ToArray<float>().Select(v => (double)v));
paths"""),
    md("## HOG and frame differences\nTwo of the targets as token x feature maps: MME's HOG (9 orientation bins per cell and channel) and MotionMAE's temporal difference."),
    code("""var context = new TargetContext(grid, 3, Stride: 2);
var hog = TargetRegistry.Create("hog", context, "{\\"Variant\\": \\"Mme\\"}").Compute(batch, grid)[0].Values[0];
var diff = TargetRegistry.Create("frame-diff", context).Compute(batch, grid)[0].Values[0];
double[,] Map(Tensor t) { var a = t.narrow(0, 0, 16).narrow(1, 0, 48).to(float64).contiguous(); var m = new double[16, 48]; Buffer.BlockCopy(a.ToArray<double>(), 0, m, 0, 16 * 48 * 8); return m; }
new Figure("HOG (MME variant), first 16 tokens").Heatmap(Map(hog)).Display();
new Figure("frame difference (g = 1), first 16 tokens").Heatmap(Map(diff))"""),
    md("## Masking strategies\nDark cubes are hidden from the encoder. Motion-guided masking (MGMAE) warps its map along the flow so hidden regions follow the motion."),
    code("""var strategies = new[] { ("random", "{\\"Ratio\\": 0.75}"), ("tube", "{\\"Ratio\\": 0.75}"), ("cube", "{\\"Ratio\\": 0.4}"), ("frame", "{\\"Ratio\\": 0.5}"), ("motion-guided", "{\\"Ratio\\": 0.75, \\"Flow\\": \\"Online\\"}") };
var overlays = new List<float[,]>(); var captions = new List<string>();
foreach (var (name, settings) in strategies)
{
    var m = MaskRegistry.Create(name, settings).Generate(batch, grid).Mask[0];
    for (var t = 0; t < grid.Frames; t += 2) { overlays.Add(Views.MaskOverlay(clip, m, grid, t)); captions.Add(t == 0 ? name : ""); }
}
new Figure("each masking strategy, one row per strategy, one column per temporal slot").Height(1100).Frames(overlays, columns: grid.Slots, captions: captions)"""),
    md("## The same on real footage\n`vtest.avi` from OpenCV's samples: pedestrians, static camera."),
    code("""var vtest = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
var real = VideoFile.Read(vtest, Enumerable.Range(0, 8).Select(i => (long)i * 2).ToList());   // (T, H, W, 3) uint8
var small = nn.functional.interpolate(real.permute(0, 3, 1, 2).to(float32), [96, 128], "bilinear").round().clamp(0, 255).to(uint8).permute(0, 2, 3, 1).contiguous();
var realFlow = OpticalFlow.Compute(small, flowConfig).Flow;
var realClip = small.permute(3, 0, 1, 2).to(float32) / 255;
new Figure("vtest.avi: frames (top), flow magnitude (bottom)")
    .Frames(Enumerable.Range(0, 4).Select(t => Views.Frame(realClip, t)).Concat(Enumerable.Range(0, 4).Select(t => Views.FlowMagnitude(realFlow[t]))).ToList(), columns: 4)"""),
    md("## A short pre-training, live\nRaw-pixel target, tube masking at 75%, on the synthetic training split; the loss curve updates in place."),
    code("""var model = Kit.Model.ModelPresets.Get("cpu-tiny") with { Frames = grid.Frames, ImageSize = grid.Height, Patch = grid.Patch };
var steps = scale.Name == "smoke" ? 10 : 150;
var config = new PretrainConfig(model, new ComponentConfig("synthetic"), new ComponentConfig("pixel"), new ComponentConfig("tube"),
    Optim: new OptimizerConfig(BaseLr: 1e-2), Steps: steps, BatchSize: 4, Device: "cpu", LogEvery: Math.Max(1, steps / 30));
var pixel = TargetRegistry.Create("pixel", context, "{\\"Normalize\\": false}");
var tube = MaskRegistry.Create("tube", "{\\"Ratio\\": 0.75}");
var source = Registries.Sources.Create(new ComponentConfig("synthetic", System.Text.Json.Nodes.JsonNode.Parse($"{{\\"videos\\": {synth.Videos * 6}, \\"size\\": {synth.Size}, \\"frames\\": {synth.Frames}, \\"stride\\": 2}}")!.AsObject()),
    new ClipSourceRequest("train", TargetNeeds.None, grid, 0, Kit.Torch.Device.CPU, new ViewSpec(), false), "data");
var trainer = new Pretrainer(config, pixel, tube, source, Path.GetFullPath("../runs/tour-pretrain"));
var xs = new List<double>(); var ys = new List<double>();
var curve = new Figure("pre-training loss").Line(xs, ys).Display();
trainer.Run(progress: new Progress<TrainProgress>(p => { xs.Add(p.Step); ys.Add(p.Loss); curve.Update(new Figure("pre-training loss").XAxis("step").YAxis("MSE").Line(xs, ys)); }));
$"final loss {ys.LastOrDefault():F4} after {steps} steps\""""),
    md("## Prediction against target\nThe hidden cubes of one clip replaced by the model's prediction (bottom) beside the input with the mask (top)."),
    code("""var mask = tube.Generate(batch, grid);
Tensor[] predicted;
using (no_grad()) predicted = trainer.Model.forward(batch.Clip, mask);
var m0 = mask.Mask[0];
new Figure("masked input (top) and reconstruction (bottom)")
    .Frames(Enumerable.Range(0, grid.Frames).Where(t => t % 2 == 0).Select(t => Views.MaskOverlay(clip, m0, grid, t))
        .Concat(Enumerable.Range(0, grid.Frames).Where(t => t % 2 == 0).Select(t => Views.Reconstruction(clip, m0, predicted[0][0], grid, t))).ToList(), columns: grid.Slots)"""),
]


def write(name, cells):
    nb = {"cells": cells, "metadata": {"kernelspec": KERNELSPEC, "language_info": LANGUAGE}, "nbformat": 4, "nbformat_minor": 5}
    for i, c in enumerate(nb["cells"]):
        c["id"] = f"{name[:2]}-{i:02d}"
    path = REPO / "notebooks" / f"{name}.ipynb"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    print("wrote", path.relative_to(REPO))


# Live pictures that open a notebook: the kit draws what the table varies on one held-out clip (Kit.Pipeline.Lessons).
LESSONS = {
    "02-mme-reconstruction-target": (
        "Each target is what the decoder must rebuild for a hidden patch. Pixels and HOG describe the patch's appearance "
        "in one frame; flow, HOF and MBH its motion between two frames (MBH, the histogram of the flow's gradients, is "
        "non-zero only at motion boundaries); MME's trajectory follows K = 4 points of the patch for the next L = 6 raw "
        "frames and adds the HOG around each point on the way. MME argues that these short-term descriptors cannot "
        "represent long-term motion, which the trajectory does, and that a dense flow map is too ambiguous to predict "
        "(its histograms HOF and MBH help a little, flow does not). Below, each target's vector for the same two "
        "patches, laid out as an image: one on the edge of a moving object (its tracked points drawn over the frame) "
        "and one on the still background, where every motion target is flat.",
        "Lessons.TargetsOfPatch(index: 1)   // test clip 1: an object moving right"),
    "09-motionmae-target": (
        "MotionMAE's second head predicts, for every masked patch, the temporal difference |frame f + g - frame f| "
        "beside the frame itself: zero wherever nothing changes, it outlines what moves, motion information that costs "
        "nothing beyond the frames. The paper finds frame and motion targets about equally good alone and clearly "
        "better together (Table 5a), and the finest granularity g = 1 best (Table 5c): differences over a larger gap "
        "are harder to predict, as more changes in between. Here g counts sampled frames (two raw frames each at "
        "stride 2), and the picture shows the difference target of each g pasted back into the frames.",
        "Lessons.FrameDifferences([1, 2, 3], index: 1)   // test clip 1: an object moving right"),
    "03-mme-trajectory-length": (
        "A trajectory follows each point of a cube through the raw frames' optical flow (here the generator's exact "
        "flow) for L frames. Short trajectories barely move and carry little motion; long ones describe the whole "
        "movement but, on real video, drift as tracking errors add up: MME finds L = 6 best.",
        "Lessons.TrajectoryLengths([2, 6, 16], index: 1)   // test clip 1: an object moving right"),
    "05-mme-trajectory-density": (
        "Following dense trajectories (DT), MME seeds K = 4 points on a grid in every patch, each a part of an object, "
        "and asks for all four trajectories. The sparse baselines assume one object per patch and merge the four into "
        "one: their average, or the most salient (the longest path). MME finds dense trajectories clearly better, as "
        "they carry more motion information. Below, a patch on the edge of the moving object: two of its points move "
        "with the object and two stay on the background; the mean describes a motion no point makes, the most salient "
        "one forgets the still part (from the trajectory target's own displacements).",
        "Lessons.TrajectoryDensities(index: 1)   // test clip 1: an object moving right"),
    "06-mme-sampling-stride": (
        "The encoder sees every s-th raw frame, while the trajectory target follows the flow through every raw frame: "
        "the larger the stride, the more motion between seen frames the model has to interpolate. MME varies the "
        "stride to control how hard that interpolation is and finds a medium stride best; the input at the "
        "trajectory's own stride (s = 1) does worst, which it puts down to fine-grained motion being hard to "
        "anticipate then. On the synthetic stream each "
        "clip holds its whole event at every stride (the scene is rendered over the clip's own raw frames), so a "
        "smaller stride also means faster motion per raw frame. Below, the raw frames the first cube's trajectories "
        "follow (L = 6), bright where the encoder sees them.",
        "Lessons.SamplingStrides([1, 2, 3, 4], index: 1)   // test clip 1: an object moving right"),
    "07-mme-masking-and-decoder": (
        "MME starts from MaskFeat's cube masking at 40 % and moves to VideoMAE's tube masking (one spatial mask for "
        "every frame) at higher ratios, finding tubes at a medium 70 % best for its trajectory target. Tubes keep a "
        "region hidden across time, so its motion cannot be read off a neighbouring frame; cubes hide spatio-temporal "
        "blocks, so a region hidden in one slot may be visible in the next.",
        """Lessons.MaskRatios(["tube", "cube"], [0.4, 0.7, 0.9], index: 1)"""),
    "11-motionmae-masking": (
        "Which tokens the encoder sees: random tokens, VideoMAE's tubes (the same spatial mask in every slot), whole "
        "frames, or spatio-temporal cubes. Tubes keep a hidden region hidden across time, so the model cannot copy it "
        "from a neighbouring frame; MotionMAE finds tube masking at 90 % best for its motion target (drawn here at 75 %, since "
        "hiding 90 % of the 4 slots of a frame mask is not possible on this small clip).",
        """Lessons.MaskRatios(["random", "tube", "frame", "cube"], [0.75], index: 1)"""),
    "12-mgmae-motion-guided-masking": (
        "Tube masking hides the same place in every frame, so a moving object walks out of its hidden region and the "
        "model sees it again. MGMAE warps the mask along the optical flow from a base frame, so the hidden region "
        "follows the object (here with the generator's exact flow).",
        """Lessons.MaskRatios(["tube", "motion-guided"], [0.9], index: 1)"""),
    "13-mgmae-flow": (
        "Motion-guided masking is only as good as the flow it follows. MGMAE extracts flow offline with TV-L1 or "
        "online with RAFT-small inside the training loop and finds them comparable (online with 6 iterations slightly "
        "best, 12 no better); without flow it is plain tube masking, faster to train but worse. The kit has no RAFT: "
        "its online rows use the kit's own coarse-to-fine estimator at the paper's iteration counts, and the synthetic "
        "stream's exact flow lets each estimate be checked. Below, the flow between consecutive sampled frames as the "
        "mask uses it, from each source.",
        "Lessons.FlowSources(index: 1)   // test clip 1: an object moving right"),
    "14-mgmae-ratio-and-difficulty": (
        "How much to hide: at 95 % almost nothing of the object stays visible in any frame. MGMAE argues that "
        "motion-guided masking makes the task harder at every ratio, and finds 90 % best.",
        """Lessons.MaskRatios(["tube", "motion-guided"], [0.75, 0.9, 0.95], index: 1)"""),
}


# Pictures that open one table of a notebook with several (after its heading, before its recipe).
TABLE_LESSONS = {
    "mme-f3": (
        "MME conjectures that a masked pixel can be rebuilt from its own frame alone. To test it, it pre-trains on "
        "videos whose frames are randomly shuffled, so no temporal correlation is left to use: VideoMAE's pixel loss "
        "still converges as low as on the real videos and its fine-tuned accuracy barely changes, while MME's "
        "trajectory target does clearly better when the true order is there (64.1 % against 60.9 %, and 60.7 % when "
        "shuffled). The kit adds clips of one repeated frame, with no motion at all. Below, the encoder's frames of one "
        "clip in each order.",
        "Lessons.TemporalOrders(index: 1)   // test clip 1: an object moving right"),
    "mme-t6": (
        "MME feeds the encoder a sparse clip but tracks the target through the flow between every raw frame, the "
        "frames the encoder never sees included, so the model must anticipate fine-grained motion (as frame "
        "interpolation fills in pixels). Without interpolation the trajectory steps through flow at the input stride: "
        "the same L = 6 steps, coarser and here twice as long. MME finds interpolation worth 1.9 points for "
        "trajectories but little for HOG or MBH, which follow no object. Below, one trajectory per moving patch each "
        "way (from the trajectory target's own displacements).",
        "Lessons.TrajectoryInterpolation(index: 1)   // test clip 1: an object moving right"),
    "mg-t1a": (
        "The initial map is drawn at one base frame and warped from there to every other frame, so only what the base "
        "frame shows stays consistently hidden or visible; content that enters later (objects appearing, a moving "
        "camera) lands where the warped map has holes. MGMAE compares the first, a random and the middle frame and "
        "finds the middle best: no frame is more than T/2 warps from it, so drift and holes stay smallest. Below, a clip "
        "whose camera pans (exact flow, the same initial map in every row): each base's maps, and under them where "
        "its holes reach.",
        "Lessons.BaseFrames(index: 11)   // test clip 11: two objects colliding, filmed by a panning camera"),
    "mg-t1b": (
        "The map can follow the flow two ways. Forward warping pushes each pixel of the previous map along its flow "
        "(splatting): some pixels receive nothing and others several, so holes and overlaps open wherever the motion "
        "is uneven. Backward warping gives every pixel of the next map one value, sampled from the previous map where "
        "its flow points; its holes, where that point lies outside the frame, are fewer and sit at the edges. MGMAE "
        "finds backward warping better. Below, both from the same initial map on a clip whose camera pans, each "
        "with the pixels its holes reach.",
        "Lessons.Warpings(index: 11)   // test clip 11: two objects colliding, filmed by a panning camera"),
    "mg-t1c": (
        "The warped maps score every cube, and the top-scoring ones stay visible: the top k of each temporal slot "
        "(frame-level), or as many in all over the whole clip (clip-level), which lets some slots keep more visible "
        "tokens than others. "
        "MGMAE finds frame-level sampling slightly better. Below, the same scores sampled both ways on a clip whose "
        "camera moves; each caption counts the slot's visible cubes.",
        "Lessons.VisibleTokenSampling(index: 11)   // test clip 11: two objects colliding, filmed by a panning camera"),
    "mg-t1d": (
        "The initial map at the base frame says how likely each place is to stay visible: random tokens (90 % of the "
        "cubes 0, the rest 1), random pixels (90 % of the pixels 0), or a mixture of Gaussians centred on randomly "
        "chosen cubes. MGMAE argues that token-level binary maps break the continuity of an object's surface texture, "
        "and finds the mixed Gaussians best. Below, each kind warped from the middle frame of a clip whose camera pans.",
        "Lessons.InitialMapKinds(index: 11)   // test clip 11: two objects colliding, filmed by a panning camera"),
    "mg-t1e": (
        "Backward warping samples each pixel of the next map from the previous one; where that sample falls outside the "
        "frame, because new content has entered, it leaves a hole. MGMAE fills holes in five ways: hidden (invisible), "
        "visible, at random with the masking ratio, with the previous map's value at that pixel, or with the base "
        "frame's initial map (tube), which treats the new content as tube masking would; tube is best, though all five "
        "lie within 0.4 points. Below, the holes (top row) and each filling's maps: the rows differ only inside the holes.",
        "Lessons.HoleFillings(index: 11)   // test clip 11: two objects colliding, filmed by a panning camera"),
}


# What the tables of a notebook showed when run at the cpu scale on this project's 2-core machine (numbers with their
# commands and seed spreads: docs/experiments.md). The live summaries above say what the scale the notebook ran at shows.
MEASURED = {
    "01-mme-why-motion": """## Measured at the cpu scale (2 CPU cores)

`./kit ablation sanity --scale cpu --rows "scratch, stream" --seeds 3` (420 held-out test clips, chance 7.1 %):
supervised from scratch on the stream reaches 77.4, 81.9 and 78.8 % over three seeds, so **the model learns the task
at this scale**, and a linear probe on the encoder it leaves reads 76.1 %: the probe reads the classes when the
features hold them. A probe on a random encoder reads 14.6 % (14.0, 13.8, 16.0); after 300 steps of pixel
pre-training a probe reads 10.2 % and k-NN 7.1 %: the pixel loss ends at 0.991 (1.0 predicts each cube's mean), so
pixel pre-training teaches nothing a probe can read. Fine-tuned on the 840 labelled clips, the pixel pre-trained
encoder reaches 11.0 % (seed 0) and training from scratch 22.1 ± 3.7 % (three seeds): the labelled set is small. The cpu scale's objects are twice the generator's default radius
(`objectScale` 2): with the default ones (5-8 px wide at 32 px, smaller than a patch) the loss sat at chance for
120-270 steps and three seeds reached only 25.5, 23.3 and 66.2 %. `mme-t4` was measured with the default objects
(pixels 6.9 %, trajectories 9.0 %: no separation). Details and commands: `docs/experiments.md`.""",
    "02-mme-reconstruction-target": """## Measured at the cpu scale (2 CPU cores)

Three seeds a row, 420 held-out test clips, chance 7.1 %. A linear probe on the frozen encoder after 300 pre-training
steps (`./kit ablation mme-t5 --scale cpu --measure probe --rows "Pixel;HOG;Traj" --seeds 3`; a random encoder reads
14.6 %, the encoder supervised on the stream 76.1 %): pixels 12.9 ± 0.6 %, HOG 9.4 ± 1.5 %, trajectories
10.2 ± 0.6 %; trajectories trail pixels at every seed (-2.6 ± 1.1 points). Fine-tuned on the 840 labelled clips
(`./kit ablation mme-t5 --scale cpu --rows "Pixel;HOG;Traj" --seeds 3`, the paper's measure): pixels 14.1 ± 4.3 %,
HOG 15.5 ± 0.7 %, trajectories 16.0 ± 2.1 %, from scratch 22.1 ± 3.7 % (every pre-trained row behind it at every seed). **At this scale no target helps**: the trajectory target's
fine-tuned lead (+1.8 points, the paper's direction) is far inside its per-seed spread (6.2 points; seed 0 alone gave
-5.0), and in the probe it is reversed. The trajectory loss falls from 1.03 to 0.66 in 30 steps and only to 0.62 by
step 300; pixels cannot be predicted here at all (loss 0.99). The trajectory target follows the paper's patch norm
(each patch's positions and shape bins to zero mean and unit variance); the release's per-step norm turned every
rigidly moving patch into zeros. Per-seed differences, the runs with smaller objects and longer pre-training:
`docs/experiments.md`.""",
    "09-motionmae-target": """## Measured at the cpu scale (2 CPU cores)

`./kit ablation mmae-t5a --scale cpu --measure probe --rows "Frame;Frame+Motion" --seeds 3` (a linear probe after 300
pre-training steps; 420 held-out test clips, chance 7.1 %, a random encoder 14.6 %): frames 9.7 ± 1.2 % (10.2, 10.5,
8.3), frames + frame difference 12.0 ± 0.5 % (11.7, 11.7, 12.6). **The frame-difference head leads at every seed, by
2.3 ± 1.7 points**: the paper's direction (+0.6 there), and the one contrast at the cpu scale larger than its seed
spread. Its loss is the only one that says something was learnt beside pixels (0.709, against 0.991 for frames alone:
a frame difference is zero wherever nothing moves). Both rows stay below the random encoder, so this separates two
encoders that hold little class information; it is not evidence that either learnt the motion classes. Details:
`docs/experiments.md`.""",
    "13-mgmae-flow": """## Measured at the cpu scale (2 CPU cores)

`./kit ablation flow-est --scale cpu --measure probe --rows "motion-guided mask, exact flow;tube mask (no flow)" --seeds
3` (MGMAE's pixel target at 90 % masking, a linear probe after 300 pre-training steps; 420 held-out test clips, chance
7.1 %, a random encoder 14.6 %): motion-guided 10.2 ± 0.5 %, tube 9.7 ± 1.2 %, a difference of +0.5 ± 0.6 points over
seeds (+0.2, 0.0, +1.2). The direction is the paper's, but both rows are below the random encoder and both pixel
losses end at 0.991 (what they reconstruct cannot be predicted here, whichever cubes are masked): **no separation**
at this scale. The tube row gives exactly the numbers of notebook 09's frame row, the same recipe in another table.
Details: `docs/experiments.md`.""",
}


def main():
    write("00-tour", TOUR)
    for name, (title, intro, tables) in NOTEBOOKS.items():
        write(name, notebook(title, intro, tables, outro=MEASURED.get(name), lesson=LESSONS.get(name)))


if __name__ == "__main__":
    main()
