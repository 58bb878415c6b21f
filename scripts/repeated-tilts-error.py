#!/usr/bin/env python3
"""Shift error of an alignment.json against the true drift of scripts/repeated-tilts.jsh (repeats-drift.txt):
RMS per axis after removing what the data cannot show (x: a + b cos t + c sin t, a rigid translation of the
object and the axis offset; y: a constant). An alignment of the averaged series (one entry per tilt) is compared
with the mean drift of each tilt's exposures, relative to which the exposures were averaged.
Usage: scripts/repeated-tilts-error.py ALIGNMENT.json DRIFT.txt"""
import json, sys
import numpy as np

a = json.load(open(sys.argv[1]))
drift = np.loadtxt(sys.argv[2])
angles, tx, ty = drift[:, 0], drift[:, 1], drift[:, 2]
ang = np.array(a["anglesDeg"])
if len(ang) != len(angles):
    tilts = np.unique(angles)
    tx = np.array([tx[angles == t].mean() for t in tilts])
    ty = np.array([ty[angles == t].mean() for t in tilts])
    angles = tilts
assert np.allclose(ang, angles), "alignment angles differ from the drift file's"
ex, ey = np.array(a["dxPx"]) - tx, np.array(a["dyPx"]) - ty
t = np.radians(ang)
design = np.stack([np.ones_like(t), np.cos(t), np.sin(t)], axis=1)
rx = ex - design @ np.linalg.lstsq(design, ex, rcond=None)[0]
ry = ey - ey.mean()
print(f"{len(ang)} entries: shift error RMS x {np.sqrt(np.mean(rx ** 2)):.3f} px, y {np.sqrt(np.mean(ry ** 2)):.3f} px; axis {a['axisRotationDeg']:.2f} deg")
