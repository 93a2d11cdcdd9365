import { cdktfOutdir, runLayerApps } from '@strata/core';
import { clusterLayer } from './layer';

void runLayerApps([clusterLayer], cdktfOutdir);
