// Tune Fused Weights: Bayesian optimisation of lambda_C and lambda_TV of the fused reconstruction,
// scored by how well it predicts held-out HAADF projections (no ground truth needed). Select the
// aligned HAADF stack as "haadf-aligned" and the aligned chemical hyperstack as "chemical-aligned".
// The best weights go to the Log; pass them to "Fused Reconstruction...". About 20 fused runs.
run("Tune Fused Weights...", "haadf=haadf-aligned chemical=chemical-aligned evaluations=20 iterations=50 holdoutevery=5 seed=1 threads=0");
