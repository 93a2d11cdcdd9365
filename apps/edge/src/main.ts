import { cdktfOutdir, runLayerApps } from '@strata/core';
import { edgeLayer } from './layer';

void runLayerApps([edgeLayer], cdktfOutdir);
