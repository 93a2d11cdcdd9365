import { cdktfOutdir, runLayerApps } from '@strata/core';
import { dataLayer } from './layer';

void runLayerApps([dataLayer], cdktfOutdir);
